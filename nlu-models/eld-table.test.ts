import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EldData, eldDetector, eldNgramsFile, loadEldDetector, packEldTable, unpackEldTable } from './eld-table.js';

const { ngramsData: original } = (await import(pathToFileURL(eldNgramsFile('small')).href)) as { ngramsData: EldData };
const packed = loadEldDetector();
const reference = eldDetector(original);

const corpusTexts = (file: string, every: number) =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .filter((_, i) => i % every === 0)
    .map((line) => (JSON.parse(line) as { text: string }).text);

// Customers' languages and their neighbours (uk/ru, ms/id, es/pt/ca, cs/sk, no/da/sv), scripts ELD reads, noise.
const sentences = [
  '¿Dónde está mi pedido? Llevo dos semanas esperando',
  'Onde está minha encomenda? Já faz duas semanas',
  'Où est ma commande ? Cela fait deux semaines',
  'Wo ist mein Paket? Ich warte seit zwei Wochen',
  'Dove è il mio ordine? Aspetto da due settimane',
  'Где мой заказ? Я жду уже две недели',
  'я хочу вернуть деньги',
  'Де моє замовлення? Я чекаю вже два тижні',
  'Di mana pesanan saya? Sudah dua minggu',
  'Saya mahu pulangan wang untuk pesanan ini',
  'Đơn hàng của tôi ở đâu? Tôi đã đợi hai tuần',
  'Gdzie jest moje zamówienie? Czekam już dwa tygodnie',
  'Waar is mijn bestelling? Ik wacht al twee weken',
  'Siparişim nerede? İki haftadır bekliyorum',
  'Var är min beställning? Jag har väntat i två veckor',
  'Hvor er bestillingen min? Jeg har ventet i to uker',
  'Hvor er min ordre? Jeg har ventet i to uger',
  'Kde je moje objednávka? Čekám už dva týdny',
  'Kde je moja objednávka? Čakám už dva týždne',
  'Hol van a rendelésem? Két hete várok',
  'Missä tilaukseni on? Olen odottanut kaksi viikkoa',
  'Πού είναι η παραγγελία μου; Περιμένω δύο εβδομάδες',
  'איפה ההזמנה שלי? אני מחכה שבועיים',
  'On és la meva comanda? Fa dues setmanes que espero',
  'Unde este comanda mea? Aștept de două săptămâni',
  "I don't know why it's taking so long, it's been forever!!!",
  'zxqv blorptang wibblefrotz',
  'ok',
  '',
  'A1001 https://shop.example/x li@example.cn wo ist mein Paket bitte',
  `${'Wo ist mein Paket? '.repeat(40)}`,
];

describe("ELD's packed table", () => {
  it('holds every n-gram of eld/small with the same scores, and nothing else', () => {
    const view = unpackEldTable(packEldTable(original));
    const keys = Object.keys(original.ngrams);
    expect(keys.length).toBeGreaterThan(80_000);
    for (const key of keys) expect(view.ngrams[key]).toEqual(original.ngrams[key]);
    expect(view.ngrams['not an n-gram']).toBeUndefined();
    expect(view.languages).toEqual(original.languages);
    expect(view.type).toBe(original.type);
  });

  it('is the file shipped with the models (repack after an eld upgrade)', () => {
    const shipped = JSON.parse(readFileSync(new URL('./models/language/eld-small.json', import.meta.url), 'utf8')) as unknown;
    expect(shipped).toEqual(packEldTable(original));
  });

  it("gives ELD's own language, scores and reliability for every text", () => {
    const texts = [
      ...sentences,
      ...corpusTexts('./corpora/shop/en.jsonl', 10),
      ...corpusTexts('./corpora/shop/zh.jsonl', 5),
      ...corpusTexts('./corpora/shop/none-clinc150.jsonl', 5),
      ...corpusTexts('./corpora/emotion/en.jsonl', 1),
    ];
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of texts) {
      const ours = packed.detect(text);
      const theirs = reference.detect(text);
      expect({ text, language: ours.language, scores: ours.getScores(), reliable: ours.isReliable() }).toEqual({
        text,
        language: theirs.language,
        scores: theirs.getScores(),
        reliable: theirs.isReliable(),
      });
    }
  });
});
