/**
 * English emotion lexicon, written by the team for customer-service language (no external word list).
 * Weights: about -3 (furious) to +3 (delighted). Multi-word keys match before single words.
 */

/** Word or phrase → weight. Phrases are space-separated lowercase tokens. */
export const EN_LEXICON: Readonly<Record<string, number>> = {
  // Anger, outrage, abuse.
  angry: -2.5, anger: -2.5, furious: -3, fuming: -3, livid: -3, rage: -3, raging: -3, outraged: -3, outrage: -2.5,
  mad: -2, pissed: -3, 'pissed off': -3, annoyed: -2, annoying: -2, irritated: -2, irritating: -2, infuriating: -3,
  frustrated: -2.5, frustrating: -2.5, frustration: -2.5, hate: -2.5, hated: -2.5, hates: -2.5, hating: -2.5,
  disgusted: -2.5, disgusting: -2.5, disgrace: -2.5, disgraceful: -3, shameful: -2.5, shame: -1.5, offended: -2,
  'fed up': -2.5, 'sick of': -2.5, 'tired of': -2, 'had enough': -2.5, 'enough is enough': -3, wtf: -2.5,
  'what the hell': -2.5, hell: -1.5, damn: -1.5, dammit: -2, crap: -2, shit: -2, fuck: -3, fucking: -2.5,
  bitch: -2.5, stupid: -2, idiot: -2.5, idiots: -2.5, moron: -2.5, bullshit: -3, bs: -2, ugh: -1.5, argh: -2,
  // Complaint, service failure.
  unacceptable: -3, ridiculous: -2.5, absurd: -2, pathetic: -2.5, useless: -2.5, incompetent: -3, joke: -1.5,
  terrible: -2.5, horrible: -2.5, awful: -2.5, worst: -3, bad: -1.5, worse: -2, poor: -1.5, rubbish: -2.5,
  scam: -3, scammed: -3, fraud: -3, 'rip off': -3, ripoff: -3, cheated: -3, lied: -2.5, liar: -3, lying: -2.5,
  disappointed: -2.5, disappointing: -2.5, disappointment: -2.5, unhappy: -2.5, dissatisfied: -2.5,
  complaint: -1.5, complain: -1.5, complaining: -1.5, rude: -2.5, unprofessional: -2.5, ignored: -2, ignoring: -2,
  broken: -1.5, damaged: -1.5, defective: -2, faulty: -2, 'wrong item': -2, missing: -1, never: -0.8,
  late: -1, delayed: -1, delay: -1, 'still waiting': -2.5, 'still not': -2, 'still no': -2, waiting: -0.8,
  waited: -1, 'no one': -1.5, nobody: -1.2, 'no response': -2, 'no reply': -2, again: -0.8, 'yet again': -2,
  'third time': -2, 'second time': -1, 'every time': -1, lawyer: -2.5, sue: -2.5, chargeback: -2,
  'waste of': -2.5, wasted: -2, waste: -2, nightmare: -3, mess: -1.5, hassle: -1.5, problem: -0.8, issue: -0.5,
  'thanks for nothing': -3, 'just great': -2, 'oh great': -2, 'yeah right': -2, 'how hard': -2, seriously: -1, 'come on': -1.5,
  // Service failures as customers describe them (team-written corpus, `corpora/emotion/en.jsonl`).
  'charged twice': -2.5, twice: -0.5, 'money back': -1.5, 'hung up': -2.5, crashing: -2, crashes: -2, crash: -1.5,
  'fell apart': -2.5, 'falling apart': -2.5, 'on hold': -1.5, 'not arrived': -2, 'never arrived': -2.5, 'not received': -2,
  'does not work': -2, 'did not work': -2, 'not working': -2, 'stopped working': -2.5, 'so done': -2.5, 'done with': -2,
  dread: -2.5, 'in the rain': -1, 'feeling down': -2, 'down today': -1.5, 'going right': 1, impressed: 2, help: 0.3,
  cancelled: -1, canceled: -1, spam: -2, spamming: -2, 'no answer': -2, 'no help': -2.5, 'not again': -2,
  'not even': -1.5, 'three times': -2, 'several times': -1.5, 'many times': -1.5, 'times already': -1.5, cracked: -2,
  'last time i': -1.5, 'do not buy': -3, 'never again': -2.5, avoid: -2, slow: -1.5, slowest: -2.5, heartbreaking: -3,
  rudest: -3, 'someone elses': -1.5, 'can not stop': 0, 'can not believe': -0.5,
  // Sadness, worry.
  sad: -2, sadly: -1.5, sadness: -2, depressed: -2.5, depressing: -2.5, depression: -2.5, cry: -2, crying: -2,
  cried: -2, tears: -1.5, lonely: -2, alone: -1, hurt: -2, hurts: -2, pain: -2, painful: -2, miserable: -2.5,
  heartbroken: -3, grief: -2.5, mourn: -2, mourning: -2, lost: -1, loss: -1.5, miss: -1, sorrow: -2.5,
  upset: -2.5, worried: -1.5, worry: -1.2, afraid: -1.5, scared: -1.5, anxious: -1.5, anxiety: -1.5,
  sick: -1.5, tired: -1, exhausted: -1.5, sigh: -1.5, gloomy: -2, unfortunately: -1, regret: -2, sorry: -0.5,
  fail: -1.5, failed: -1.5, failure: -2, fails: -1.5, lose: -1, losing: -1, died: -2, dead: -1.5, death: -2,
  // General distress, as people write it anywhere (not only to a shop).
  sucks: -2.5, suck: -2, annoy: -2, 'pisses me off': -3, 'breaks my heart': -3, broke: -1.5, rip: -1.5, funeral: -2,
  'passed away': -2.5, 'bad day': -2, sob: -2, despair: -3, hopeless: -3, helpless: -2.5, worthless: -3, numb: -1.5,
  suffer: -2, suffering: -2.5, kill: -2, killed: -2, murder: -3, terror: -2.5, terrorism: -2.5, war: -1.5,
  shocking: -2, shocked: -1.5, horror: -2.5, offensive: -2, racist: -2.5, cruel: -2.5, evil: -2.5, nasty: -2,
  vile: -3, idiotic: -2.5, dumb: -2, insult: -2, insulting: -2.5, blame: -1.5, threat: -1.5, revenge: -2,
  bitter: -2, resent: -2, grr: -2, grrr: -2.5, smh: -1.5, fml: -2.5, unfair: -2, injustice: -2.5, bully: -2,
  ashamed: -2, embarrassing: -1.5, nervous: -1, fear: -1.5, panic: -1.5, stress: -1.5, stressed: -1.5,
  trouble: -1.5, wrong: -1.5, bored: -1, boring: -1.5, irate: -3, bitterly: -2,
  tragic: -2.5, tragedy: -2.5, devastated: -3, devastating: -3, disaster: -2.5, fury: -3, agitated: -2, annoyance: -2,
  aggravated: -2, aggravating: -2.5, wrath: -3, hateful: -3, resentment: -2.5, grudge: -2, provoke: -1.5, provoked: -2,
  seething: -3, sulking: -1.5, discouraged: -2, disheartened: -2.5, dismal: -2, dreary: -1.5, gutted: -2.5, tearful: -2,
  weep: -2, weeping: -2, sorrowful: -2.5, melancholy: -2, grim: -1.5, bleak: -2, heartache: -2.5, hurting: -2,
  crushed: -2, defeated: -2, frown: -1.5, disgust: -2.5, outrageous: -2.5, appalled: -3, appalling: -3, atrocious: -3,
  abuse: -2, hostile: -2, violence: -2, shooting: -1.5, loneliness: -2, scream: -1.5, screaming: -1.5,
  // Positive.
  thankful: 2.5, inspiration: 2, courage: 1.5, strength: 1, faith: 1, dream: 1, dreams: 1, lmao: 1.5, lmfao: 1.5,
  hilarious: 2, funny: 1.5, cheer: 2, cheerful: 2, celebrate: 2, sunshine: 1.5, inspire: 2, inspired: 2,
  motivation: 1.5, positive: 1.5, success: 2, successful: 2, peace: 1.5, calm: 1, relax: 1.5, pleasure: 2,
  delight: 2.5, adore: 2.5, rejoice: 2.5, laughter: 2, hopefully: 1, 'looking forward': 2, blessing: 2,
  happy: 2, glad: 2, pleased: 2, love: 2.5, loved: 2.5, loving: 2, lovely: 2.5, great: 2, good: 1.5,
  excellent: 3, amazing: 3, awesome: 3, fantastic: 3, wonderful: 3, perfect: 2.5, best: 2, nice: 1.5,
  thanks: 1.5, thank: 1.5, 'thank you': 2, appreciate: 2, appreciated: 2, helpful: 2, satisfied: 2,
  excited: 2.5, exciting: 2.5, fun: 2, enjoy: 2, enjoyed: 2, smile: 2, smiling: 2, laugh: 1.5, lol: 1.5,
  haha: 1.5, hope: 1.5, hopeful: 2, optimistic: 2, optimism: 2, blessed: 2.5, proud: 2, win: 1.5, won: 1.5,
  beautiful: 2.5, cool: 1.5, fast: 1, quick: 1, quickly: 1, easy: 1, recommend: 2, yay: 2, congrats: 2.5,
  congratulations: 2.5, joy: 2.5, grateful: 2.5, delighted: 3, brilliant: 3, 'no problem': 1, fine: 0.5,
  // Neutral keys that stop a positive word from matching inside a set phrase.
  'pretty much': 0, 'good morning': 0.5, 'good afternoon': 0.5, 'good evening': 0.5, 'never mind': 0,
};

/** Words that flip the sentiment of what follows (within three tokens). */
export const EN_NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'hardly', 'without', 'nothing', 'neither', 'nor', 'cannot', 'cant', 'dont', 'didnt',
  'doesnt', 'isnt', 'wasnt', 'wont', 'havent', 'hasnt', 'arent', 'aint',
]);

/** Words after which the message's point comes ("good food but the delivery was late"): what went before counts less. */
export const EN_CONTRASTS: ReadonlySet<string> = new Set(['but', 'however', 'except', 'although', 'though']);

/** Cues that turn praise into sarcasm when the same message also complains ("oh perfect, another delay"). */
export const EN_SARCASM: ReadonlySet<string> = new Set(['oh', 'wow', 'yeah', 'sure', 'thanks a lot', 'great job', 'just what i needed', 'so much for', 'love how', 'love that']);

/** Words that strengthen what follows. */
export const EN_INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, so: 1.4, really: 1.4, extremely: 1.8, totally: 1.5, completely: 1.5, absolutely: 1.6, too: 1.3,
  super: 1.5, utterly: 1.8, incredibly: 1.7, most: 1.3, such: 1.3, quite: 1.2, bloody: 1.6, freaking: 1.6,
  // Softeners: "not very happy" is still negative, "a bit late" is mild.
  bit: 0.6, little: 0.7, slightly: 0.6, somewhat: 0.7,
};

/** Emoji and emoticons; matched anywhere in the text. */
export const EMOJI_LEXICON: Readonly<Record<string, number>> = {
  '😡': -3, '😤': -2.5, '💢': -2.5, '👎': -2, '🤬': -3, '😠': -2.5, '😒': -1.5, '🙄': -1.5, '😞': -2, '😔': -2,
  '😢': -2, '😭': -2.5, '😩': -2, '😫': -2, '💔': -2.5, '😣': -1.5, '😖': -2, '😟': -1.5, '☹': -2, '🙁': -1.5,
  '😑': -1, '😐': -0.5, '🤦': -1.5, ':(': -2, ':-(': -2, ">:(": -3,
  '😊': 2, '😀': 2, '😃': 2, '😄': 2, '😁': 2, '🙂': 1, '😍': 3, '🥰': 3, '❤': 2.5, '♥': 2, '👍': 2, '🙏': 1,
  '🎉': 2.5, '😂': 1.5, '🤣': 1.5, '😘': 2, '✨': 1, '💕': 2.5, '💖': 2.5, '👏': 2, ':)': 2, ':-)': 2, ':D': 2.5,
};
