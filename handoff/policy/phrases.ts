/**
 * The words that make a message urgent (`crisis`) or a request for a person (`requested_human`),
 * in English and Chinese. English patterns use word boundaries ("issue" never matches "sue");
 * Chinese has no spaces, so Chinese patterns are substrings with look-arounds that rule out the
 * common compounds that mean something else (报警器 is a smoke alarm, 多媒体 is multimedia,
 * 曝光补偿 is a camera setting, 人工智能 is AI).
 *
 * Negation is deliberately ignored: "no need to sue yet" or "我不想找律师" still escalates as
 * crisis. The customer has put legal action on the table; a person reading it costs a minute,
 * missing it costs a lawsuit or a post on Weibo. Over-escalating here is the cheaper mistake.
 */

/** One kind of urgent phrase, named for the agent's card (`crisis: legal`). */
export type CrisisKind = 'legal' | 'regulator' | 'media' | 'safety' | 'fraud';

/** A phrase that matched, as written in the message. */
export interface PhraseMatch {
  readonly phrase: string;
  /** The crisis kind, 'person' for a request for a human, 'custom' for a bot's extra phrase. */
  readonly kind: CrisisKind | 'person' | 'custom';
}

interface Pattern {
  readonly kind: PhraseMatch['kind'];
  readonly re: RegExp;
}

const crisisPatterns: readonly Pattern[] = [
  { kind: 'legal', re: /\b(?:lawyers?|attorneys?|solicitors?|lawsuits?|legal action|small claims(?: court)?|class action)\b/i },
  { kind: 'legal', re: /\b(?:take|taking|see) (?:you|this|it|them)(?: guys)? (?:to|in) court\b/i },
  // Case-sensitive on purpose: "Sue" mid-sentence is a name ("my colleague Sue ordered it").
  { kind: 'legal', re: /\b(?:sue|suing|sued|SUE|SUING|SUED)\b|(?:^|[.!?]\s*)Su(?:e|ing) (?:you|your|them|the)\b/ },
  { kind: 'legal', re: /律师|起诉|诉讼|法院|告你们|打官司|法律途径/ },
  { kind: 'regulator', re: /\b(?:FTC|BBB|CFPB|trading standards|consumer protection|attorney general|ombudsman|better business bureau)\b/i },
  { kind: 'regulator', re: /\breport (?:you|this|it|your company) to\b/i },
  { kind: 'regulator', re: /(?<!\d)12315(?!\d)|消协|消费者协会|工商局|工商部门|市场监管|监管部门|举报|报警(?!器)/ },
  { kind: 'media', re: /\b(?:go|going|went|gone) to the (?:press|media|news|papers)\b|\b(?:journalists?|reporters?)\b/i },
  {
    kind: 'media',
    re: /\b(?:post|posting|put|putting|share|sharing|tweet|tweeting) (?:it|this|that|about (?:it|this|you)|everything)? ?(?:on|all over) (?:twitter|x|facebook|tiktok|instagram|reddit|youtube|social media|weibo)\b/i,
  },
  { kind: 'media', re: /曝光(?!补偿|时间|度|模式|参数|不足|过度|值)|(?<!多)媒体|记者|发(?:到)?(?:微博|抖音|网上|朋友圈)/ },
  {
    kind: 'safety',
    re: /\b(?:dangerous|unsafe|hazardous|caught fire|caught on fire|burst into flames|exploded|explosion|electric shock|electrocuted|injured|injury|burned|burnt|poisoned|choked)\b/i,
  },
  { kind: 'safety', re: /着火|起火|冒烟|爆炸|漏电|触电|受伤|烫伤|烧伤|中毒|危险/ },
  {
    kind: 'fraud',
    re: /\b(?:charge ?backs?|dispute (?:the|this|my) (?:charge|payment)|fraud|fraudulent|scam|scammed|scammers?|unauthori[sz]ed (?:charge|transaction|payment)s?)\b/i,
  },
  { kind: 'fraud', re: /诈骗|骗子|欺诈|拒付|盗刷/ },
];

// "agent" alone is a request, but a shipping or customs agent is a third party the order talks about.
const humanPatterns: readonly Pattern[] = [
  { kind: 'person', re: /\b(?:real|actual|live) (?:person|human|people|agent)\b/i },
  {
    kind: 'person',
    re: /\b(?:talk|speak|chat) (?:to|with) (?:a |an |the |your )?(?:someone|somebody|person|human|agent|representative|rep|manager|supervisor|operator)\b/i,
  },
  // "human hair" is a product line (wigs, extensions), "safe for humans" a product question: a human is
  // asked for with an article or alone ("a human", "human please", "human!").
  {
    kind: 'person',
    re: /\b(?:a|an|some|any|real|actual|live) humans?\b(?! hair)|^\s*humans?(?:\s*please)?\s*(?:[.!?]+\s*)?$|\bhumans? (?:please|agent)\b|\b(?:representative|customer service rep)\b/i,
  },
  // A mobile, network or tour operator is a third party, not the switchboard.
  { kind: 'person', re: /(?<!(?:mobile|network|phone|tour|shipping|logistics|telecom|carrier) )\boperators?\b/i },
  { kind: 'person', re: /(?<!(?:shipping|customs|travel|delivery|forwarding|user|insurance) )\bagents?\b/i },
  // 人工 alone is also "man-made" (人工草坪 artificial turf, 人工费 labour cost, 人工智能 AI) and 真人 also
  // "real-life" (真人照片 a real photo): they count only where they mean a person to talk to.
  {
    kind: 'person',
    re: /转人工|(?<=[找要接叫请])人工|人工(?=客服|服务|坐席|接听|[\s!！?？。，,]|$)|(?<=[找要和跟同转])真人|真人(?=客服|服务|回复|回答|接待)|活人|客服|找个人|接线员|工作人员/,
  },
];

// Asking how to reach the team is a question the bot answers (phone, e-mail, hours), not a request
// to be put through: "客服电话是多少" names 客服 but wants a number. Both sides are bounded, linear regexes.
const contactDetailPatterns: readonly RegExp[] = [
  /\b(?:phone|telephone|hotline|helpline|contact|whatsapp|wechat) (?:number|no\.?|details|info(?:rmation)?)\b|\b(?:e-?mail|email) (?:address|addresses)\b/i,
  /\b(?:what(?:'s| is| are)|give me|tell me|send me|where(?:'s| is| can i find)|do you have|is there)\b[^.!?\n]{0,40}\b(?:phone|e-?mail|email|hotline|contact details|opening hours|business hours)\b/i,
  /\bhow (?:can|do|could|should) i (?:e-?mail|email|call|phone|ring|contact|reach|write to)\b/i,
  /\b(?:your|customer service|support|the) (?:e-?mail|email|phone|hotline)\b/i,
  /电话|热线|邮箱|邮件地址|电子邮件|联系方式|联系电话|微信号|客服.{0,6}(?:几点|时间|上班|下班)|(?:几点|什么时候)(?:上班|有人)/,
];

/** Whether `text` asks for the team's contact details (phone, e-mail, hours) rather than for a person now. */
export function asksForContactDetails(text: string): boolean {
  return contactDetailPatterns.some((re) => re.test(text));
}

/** The earliest crisis phrase in `text`, plus `extra` (bot-specific) phrases, or undefined. */
export function findCrisisPhrase(text: string, extra: readonly string[] = []): PhraseMatch | undefined {
  return firstMatch(text, crisisPatterns, extra, 'custom');
}

// The unmistakable requests to be put through now, kept apart so that a contact-details question that
// also says one ("转人工，电话多少") still reaches a person.
const explicitHumanPatterns: readonly Pattern[] = [
  humanPatterns[0]!,
  humanPatterns[1]!,
  { kind: 'person', re: /转人工|(?<=[找要和跟同转])真人|活人|找个人|接线员/ },
];

/** The earliest wording in `text` that says "put me through to a person now", or undefined. */
export function findExplicitHumanRequest(text: string): PhraseMatch | undefined {
  return firstMatch(text, explicitHumanPatterns, [], 'custom');
}

/** The earliest wording in `text` that asks for a person, or undefined. */
export function findHumanRequest(text: string, extra: readonly string[] = []): PhraseMatch | undefined {
  return firstMatch(text, humanPatterns, extra, 'custom');
}

/** The match that starts earliest in the text, so `matched` reads as the customer wrote it. */
function firstMatch(text: string, patterns: readonly Pattern[], extra: readonly string[], extraKind: PhraseMatch['kind']): PhraseMatch | undefined {
  let best: { index: number; match: PhraseMatch } | undefined;
  for (const { kind, re } of [...patterns, ...extra.map((phrase) => ({ kind: extraKind, re: phraseRegExp(phrase) }))]) {
    const found = re.exec(text);
    if (found && (!best || found.index < best.index)) best = { index: found.index, match: { phrase: found[0].replace(/^[\s.!?]+/, '').trim(), kind } };
  }
  return best?.match;
}

/** Word boundaries only where the phrase starts or ends with a Latin letter or digit. */
function phraseRegExp(phrase: string): RegExp {
  const escaped = phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = /^[\p{Script=Latin}\d]/u.test(phrase.trim()) ? '(?<![\\p{L}\\d])' : '';
  const end = /[\p{Script=Latin}\d]$/u.test(phrase.trim()) ? '(?![\\p{L}\\d])' : '';
  return new RegExp(`${start}${escaped}${end}`, 'iu');
}
