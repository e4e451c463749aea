/**
 * A small bilingual glossary of shop vocabulary: English stems (as nlu-models/features.ts `tokenize`
 * makes them) and Chinese terms that name the same thing. Grouping adds a shared concept feature for
 * each, so "do you offer gift wrapping?" and "可以提供礼品包装吗" can land in one group without a
 * translation service. Coverage is what a shop's customers commonly ask about; a question outside it is
 * still grouped within its own language. Add pairs freely: each is one feature, nothing is trained.
 */

/** Concept → the English stems and Chinese terms that express it. */
const GLOSSARY: Readonly<Record<string, { readonly en: readonly string[]; readonly zh: readonly string[] }>> = {
  gift: { en: ['gift', 'present'], zh: ['礼品', '礼物', '送礼'] },
  wrap: { en: ['wrap'], zh: ['包装'] },
  pay: { en: ['pay', 'payment'], zh: ['付款', '支付', '付钱'] },
  crypto: { en: ['bitcoin', 'crypto', 'cryptocurr', 'ethereum'], zh: ['比特币', '加密货币', '数字货币', '以太坊'] },
  cash: { en: ['cash'], zh: ['现金', '货到付款'] },
  credit: { en: ['credit'], zh: ['信用卡'] },
  wechat: { en: ['wechat'], zh: ['微信'] },
  alipay: { en: ['alipay'], zh: ['支付宝'] },
  invoice: { en: ['invoic', 'receipt'], zh: ['发票', '收据'] },
  refund: { en: ['refund'], zh: ['退款', '退钱'] },
  return: { en: ['return'], zh: ['退货'] },
  exchange: { en: ['exchang', 'swap'], zh: ['换货', '调换'] },
  deliver: { en: ['deliveri', 'deliv', 'ship', 'shipment'], zh: ['配送', '送货', '发货', '运送'] },
  courier: { en: ['courier', 'carrier'], zh: ['快递', '物流'] },
  postage: { en: ['postag'], zh: ['运费', '邮费'] },
  coupon: { en: ['coupon', 'voucher', 'promo'], zh: ['优惠券', '优惠码', '代金券'] },
  discount: { en: ['discount'], zh: ['折扣', '打折'] },
  member: { en: ['member', 'membership', 'loyalti'], zh: ['会员'] },
  points: { en: ['point', 'reward'], zh: ['积分'] },
  size: { en: ['size'], zh: ['尺码', '尺寸'] },
  colour: { en: ['colour', 'color'], zh: ['颜色'] },
  warranty: { en: ['warranti', 'guarante'], zh: ['保修', '质保'] },
  battery: { en: ['batteri'], zh: ['电池'] },
  charger: { en: ['charger'], zh: ['充电器'] },
  store: { en: ['store', 'shop', 'outlet', 'branch'], zh: ['门店', '实体店', '店铺'] },
  price: { en: ['price', 'cost'], zh: ['价格', '价钱', '多少钱'] },
  customs: { en: ['custom', 'duti', 'tax', 'vat'], zh: ['海关', '关税', '税费'] },
  preorder: { en: ['preorder'], zh: ['预售', '预订', '预定'] },
  stock: { en: ['stock'], zh: ['有货', '库存', '现货', '缺货'] },
  pickup: { en: ['pickup', 'collect'], zh: ['自提', '自取'] },
  address: { en: ['address'], zh: ['地址'] },
  phone: { en: ['phone'], zh: ['电话', '手机'] },
  account: { en: ['account'], zh: ['账户', '账号'] },
  password: { en: ['password'], zh: ['密码'] },
  wholesale: { en: ['wholesal', 'bulk'], zh: ['批发'] },
  sample: { en: ['sampl'], zh: ['样品', '小样'] },
  abroad: { en: ['abroad', 'oversea', 'intern'], zh: ['海外', '国外', '国际'] },
  cancel: { en: ['cancel'], zh: ['取消'] },
  late: { en: ['late', 'delay'], zh: ['延迟', '晚到', '迟到'] },
  damaged: { en: ['broken', 'damag'], zh: ['损坏', '破损', '坏了'] },
  hours: { en: ['hour'], zh: ['营业时间', '几点'] },
  weather: { en: ['weather'], zh: ['天气'] },
  joke: { en: ['joke'], zh: ['笑话'] },
};

const BY_STEM = new Map<string, string>();
const ZH_TERMS: [string, string][] = [];
for (const [concept, { en, zh }] of Object.entries(GLOSSARY)) {
  for (const stem of en) BY_STEM.set(stem, concept);
  for (const term of zh) ZH_TERMS.push([term, concept]);
}

/** The glossary concepts an English stem names (at most one). */
export function conceptOfStem(stem: string): string | undefined {
  return BY_STEM.get(stem);
}

/** The glossary concepts a Chinese text names: a fixed list of short terms, so linear in the text. */
export function conceptsInChinese(text: string): string[] {
  const found = new Set<string>();
  for (const [term, concept] of ZH_TERMS) if (text.includes(term)) found.add(concept);
  return [...found];
}
