/**
 * The demo shop's catalogue, in memory: twelve products in three categories, named in English and Chinese.
 * A real shop implements `Catalogue` on its product API or search engine; the SPIN dialog does not change.
 * The ranking here is deliberately simple (keyword overlap, category, budget) so its choices are explainable.
 */
import type { Catalogue, Product, ProductFeature, Recommendation, ShoppingNeeds } from '../../dialogs/shop-api.js';

const f = (keywords: string[], en: string, zh: string): ProductFeature => ({ keywords, text: { en, zh } });

const anc = f(
  ['noise', 'quiet', 'plane', 'flight', 'commute', 'train', 'office', '降噪', '安静', '飞机', '通勤', '地铁', '吵'],
  'active noise cancelling for flights and commutes',
  '主动降噪，适合通勤和出差',
);
const battery = f(['battery', 'long', 'travel', 'all day', '续航', '电池', '出差', '旅行'], 'long battery life', '续航持久');
const sport = f(
  ['sport', 'gym', 'run', 'running', 'sweat', 'workout', '运动', '跑步', '健身', '出汗'],
  'sweat-proof, stays in while running',
  '防汗防水，跑步不掉',
);
const calls = f(['call', 'calls', 'meeting', 'mic', 'work', '通话', '会议', '麦克风', '上班'], 'clear microphone for calls', '通话清晰');
const budget = f(['cheap', 'budget', 'affordable', 'student', '便宜', '实惠', '学生', '性价比'], 'great value for money', '性价比高');
const drop = f(['drop', 'protect', 'broken', 'crack', 'kids', 'clumsy', '摔', '保护', '碎', '孩子'], 'drop protection', '防摔保护');
const camera = f(['camera', 'photo', 'photos', 'video', '拍照', '相机', '视频'], 'excellent camera', '拍照出色');
const charge = f(['charge', 'charging', 'cable', 'wireless', '充电', '无线', '线'], 'fast wireless charging', '无线快充');
const sleep = f(['sleep', 'night', 'bedroom', 'baby', '睡眠', '睡觉', '夜', '卧室'], 'quiet and gentle at night', '夜间安静柔和');
const kitchen = f(['kitchen', 'tea', 'coffee', 'cook', 'breakfast', '厨房', '茶', '咖啡', '做饭', '早餐'], 'made for the kitchen', '厨房好帮手');
const clean = f(
  ['clean', 'dust', 'pet', 'pets', 'hair', 'allergy', '清洁', '灰尘', '宠物', '毛', '过敏'],
  'picks up dust and pet hair',
  '轻松清理灰尘和宠物毛发',
);
const desk = f(
  ['desk', 'study', 'read', 'reading', 'eyes', 'homework', '书桌', '学习', '看书', '眼睛', '作业'],
  'easy on the eyes for reading',
  '护眼，适合阅读学习',
);

/** Words that tell which category a customer is shopping in. */
const CATEGORY_WORDS: Readonly<Record<string, readonly string[]>> = {
  headphones: ['headphone', 'headphones', 'earbuds', 'earphones', 'music', 'audio', '耳机', '音乐', '听歌'],
  phones: ['phone', 'phones', 'case', 'charger', 'mobile', 'smartphone', '手机', '手机壳', '充电器'],
  home: ['home', 'house', 'kitchen', 'lamp', 'kettle', 'vacuum', 'room', '家', '家居', '厨房', '台灯', '水壶', '吸尘器', '房间'],
};

/** The twelve demo products; `stock: 0` ones exist to show they are never recommended. */
export const DEMO_PRODUCTS: readonly Product[] = [
  {
    sku: 'HP-100',
    name: { en: 'QuietWave ANC headphones', zh: 'QuietWave 降噪耳机' },
    category: 'headphones',
    price: 129,
    currency: 'USD',
    features: [anc, battery, calls],
    stock: 40,
  },
  {
    sku: 'HP-200',
    name: { en: 'SprintBuds sport earbuds', zh: 'SprintBuds 运动耳机' },
    category: 'headphones',
    price: 59,
    currency: 'USD',
    features: [sport, budget],
    stock: 85,
  },
  {
    sku: 'HP-300',
    name: { en: 'StudioPro over-ear headphones', zh: 'StudioPro 头戴式耳机' },
    category: 'headphones',
    price: 199,
    currency: 'USD',
    features: [calls, battery],
    stock: 12,
  },
  {
    sku: 'HP-400',
    name: { en: 'Pebble mini earbuds', zh: 'Pebble 迷你耳机' },
    category: 'headphones',
    price: 29,
    currency: 'USD',
    features: [budget, sleep],
    stock: 0,
  },
  {
    sku: 'PH-100',
    name: { en: 'Nova 12 smartphone', zh: 'Nova 12 智能手机' },
    category: 'phones',
    price: 499,
    currency: 'USD',
    features: [camera, battery, charge],
    stock: 20,
  },
  {
    sku: 'PH-200',
    name: { en: 'Nova 12 Lite smartphone', zh: 'Nova 12 Lite 智能手机' },
    category: 'phones',
    price: 249,
    currency: 'USD',
    features: [budget, battery],
    stock: 33,
  },
  {
    sku: 'PH-300',
    name: { en: 'ArmorLite phone case', zh: 'ArmorLite 手机壳' },
    category: 'phones',
    price: 19,
    currency: 'USD',
    features: [drop, budget],
    stock: 200,
  },
  {
    sku: 'PH-400',
    name: { en: 'ChargePad wireless charger', zh: 'ChargePad 无线充电器' },
    category: 'phones',
    price: 35,
    currency: 'USD',
    features: [charge],
    stock: 64,
  },
  {
    sku: 'HM-100',
    name: { en: 'BrewSmart electric kettle', zh: 'BrewSmart 电热水壶' },
    category: 'home',
    price: 59,
    currency: 'USD',
    features: [kitchen],
    stock: 50,
  },
  { sku: 'HM-200', name: { en: 'Lumi desk lamp', zh: 'Lumi 台灯' }, category: 'home', price: 45, currency: 'USD', features: [desk, sleep], stock: 70 },
  {
    sku: 'HM-300',
    name: { en: 'WhisperAir purifier', zh: 'WhisperAir 空气净化器' },
    category: 'home',
    price: 179,
    currency: 'USD',
    features: [clean, sleep],
    stock: 15,
  },
  {
    sku: 'HM-400',
    name: { en: 'SwiftClean cordless vacuum', zh: 'SwiftClean 无线吸尘器' },
    category: 'home',
    price: 229,
    currency: 'USD',
    features: [clean, battery],
    stock: 18,
  },
];

/** "under 100", "below $80", "100以内", "预算100", "100块以下": the largest amount the customer mentioned. */
function parseBudget(text: string): number | undefined {
  const match = /(?:under|below|less than|max|budget|预算|不超过)\s*(?:\$\s*)?(\d+)|(?<!\d)(\d+)\s*(?:(?:元|块|美元|dollars?)\s*)?(?:以内|以下|左右)/i.exec(
    text,
  );
  const value = match?.[1] ?? match?.[2];
  return value ? Number(value) : undefined;
}

const includesAny = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));

/** Creates the demo catalogue over `products` (default: the twelve demo products). */
export function createDemoCatalogue(products: readonly Product[] = DEMO_PRODUCTS): Catalogue {
  return {
    async list() {
      return products;
    },
    async get(sku) {
      return products.find((p) => p.sku === sku);
    },
    async recommend(needs: ShoppingNeeds, limit = 3): Promise<readonly Recommendation[]> {
      const text = [needs.situation, needs.problem, needs.implication, needs.need].filter(Boolean).join(' ').toLowerCase();
      const max = parseBudget(text);
      const categories = Object.keys(CATEGORY_WORDS).filter((c) => includesAny(text, CATEGORY_WORDS[c] ?? []));
      const ranked = products
        .filter((p) => p.stock > 0 && (max === undefined || p.price <= max))
        .filter((p) => categories.length === 0 || categories.includes(p.category))
        .map((product) => {
          const matched = product.features.filter((feature) => includesAny(text, feature.keywords));
          // Popularity (stock as a proxy) only breaks ties, so a keyword match always wins.
          const score = matched.length * 10 + (categories.includes(product.category) ? 5 : 0) + product.stock / 1000;
          return { product, score, reasons: matched.map((m) => m.text) };
        })
        .sort((a, b) => b.score - a.score);
      return ranked.slice(0, limit);
    },
  };
}
