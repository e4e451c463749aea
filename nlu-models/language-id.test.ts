import { describe, expect, it } from 'vitest';
import { IDENTIFY_MAX_CHARS, identifyLanguage, languageName } from './language-id.js';

describe('identifyLanguage', () => {
  it.each([
    ['where is my order? it has been two weeks', 'en'],
    ['我的订单到哪里了', 'zh'],
    ['¿Dónde está mi pedido? Llevo dos semanas esperando', 'es'],
    ['Onde está minha encomenda? Já faz duas semanas', 'pt'],
    ['Où est ma commande ? Cela fait deux semaines', 'fr'],
    ['Wo ist mein Paket? Ich warte seit zwei Wochen', 'de'],
    ['Dove è il mio ordine? Aspetto da due settimane', 'it'],
    ['Где мой заказ? Я жду уже две недели', 'ru'],
    ['أين طلبي؟ أنتظر منذ أسبوعين', 'ar'],
    ['注文はどこですか？二週間待っています', 'ja'],
    ['주문이 어디에 있나요? 2주째 기다리고 있어요', 'ko'],
    ['คำสั่งซื้อของฉันอยู่ที่ไหน', 'th'],
    ['Đơn hàng của tôi ở đâu? Tôi đã đợi hai tuần', 'vi'],
    ['Di mana pesanan saya? Sudah dua minggu', 'id'],
  ])('%s is %s', (text, language) => {
    expect(identifyLanguage(text)).toEqual({ language, reliable: true });
  });

  it.each(['ok', 'hello', 'A1001', '👍👍', 'zxqv blorptang wibblefrotz', ''])('decides nothing on %j (too short, no letters, or gibberish)', (text) => {
    expect(identifyLanguage(text).reliable).toBe(false);
  });

  it('ignores order numbers, links and e-mails, and reads only a bounded prefix', () => {
    expect(identifyLanguage('A1001 https://shop.example/x li@example.cn wo ist mein Paket bitte').language).toBe('de');
    const long = `${'Wo ist mein Paket? '.repeat(40)}${'x'.repeat(1_000_000)}`;
    expect(long.length).toBeGreaterThan(IDENTIFY_MAX_CHARS * 100);
    expect(identifyLanguage(long).language).toBe('de');
  });

  it('chooses only among the languages it is given, and claims none it was not given', () => {
    // ELD's own best guess for this Russian is Ukrainian by a hair; among the market languages it is Russian.
    expect(identifyLanguage('я хочу вернуть деньги').language).toBe('ru');
    expect(identifyLanguage('Wo ist mein Paket? Ich warte seit zwei Wochen', { languages: ['en', 'zh'] }).reliable).toBe(false);
  });

  it('names languages for agents', () => {
    expect(languageName('de')).toBe('German (de)');
  });
});
