import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createRedisPracticeStore } from './redis-practice-store.js';
import type { PracticeSession } from './practice-types.js';
import { type PracticeWorld, practiceWorld } from './test-support/practice-world.js';

const LATE_ORDER = [
  ['customer', 'where is my order A1001?', 0],
  ['bot', 'It left our warehouse on Monday.', 1],
  ['customer', 'This is ridiculous, it is two weeks late and nobody answers!', 10],
  ['customer', 'hello??', 15],
  ['agent', 'I am sorry, let me check.', 30],
  ['customer', 'ok, I need it by Friday', 40],
  ['agent', 'It arrives Thursday.', 60],
  ['customer', 'fine, thanks', 660],
] as const;

function started(result: { ok: boolean }): PracticeSession {
  if (!result.ok) throw new Error(`expected ok: ${JSON.stringify(result)}`);
  return (result as unknown as { value: PracticeSession }).value;
}

describe('practice replay', () => {
  let world: PracticeWorld;
  let scriptId: string;

  beforeEach(async () => {
    world = await practiceWorld();
    const ticketId = await world.resolveConversation('c-late', LATE_ORDER, 2);
    const candidates = await world.service.candidates();
    expect(candidates.map((candidate) => candidate.ticketId)).toEqual([ticketId]);
    const added = await world.service.addToLibrary(ticketId, 'lead');
    if (!added.ok) throw new Error(added.message);
    scriptId = added.value.id;
    expect(await world.service.addToLibrary(ticketId, 'lead')).toMatchObject({ ok: false, code: 'duplicate' });
  });

  const delivered = async (id: string) => (await world.service.read(id))?.deliveredAt.length;

  it('sends the customer lines in order, paced as they were, waiting for replies where the customer did, gaps capped', async () => {
    const session = started(await world.service.start('trainee', scriptId));
    expect(session.context).toEqual(['where is my order ORD-0001?']);
    expect(session.lines.map((line) => line.text)).toEqual([
      'This is ridiculous, it is two weeks late and nobody answers!',
      'hello??',
      'ok, I need it by Friday',
      'fine, thanks',
    ]);
    expect(session.deliveredAt).toHaveLength(1);
    const start = world.clock.now;
    // "hello??" came 5 s later without an answer: it comes whether or not the trainee replies.
    world.clock.now = start + 4_999;
    expect(await delivered(session.id)).toBe(1);
    world.clock.now = start + 5_000;
    expect(await delivered(session.id)).toBe(2);
    // The next line followed an agent's answer: it waits for the trainee, however long.
    world.clock.now = start + 600_000;
    expect(await delivered(session.id)).toBe(2);
    const replied = started(await world.service.reply(session.id, 'trainee', 'I understand how frustrating this is; let me check your order.'));
    expect(replied.deliveredAt).toHaveLength(2);
    const replyAt = world.clock.now;
    world.clock.now = replyAt + 9_999;
    expect(await delivered(session.id)).toBe(2);
    world.clock.now = replyAt + 10_000;
    expect(await delivered(session.id)).toBe(3);
    // The last line came ten minutes after the agent's answer: in practice, at most 20 s.
    started(await world.service.reply(session.id, 'trainee', 'Thank you for waiting, it arrives on Thursday.'));
    world.clock.now += 19_999;
    expect(await delivered(session.id)).toBe(3);
    world.clock.now += 1;
    expect(await delivered(session.id)).toBe(4);
    const done = started(await world.service.reply(session.id, 'trainee', 'You are welcome, have a nice day!'));
    expect(done.state).toBe('finished');
    if (done.state !== 'finished') return;
    expect(done.endReason).toBe('completed');
    expect(done.summary.replies).toBe(3);
    expect(await world.service.reply(session.id, 'trainee', 'more')).toMatchObject({ ok: false, code: 'finished' });
  });

  it('scores a prompt, courteous, empathetic first reply at the top', async () => {
    const session = started(await world.service.start('trainee', scriptId));
    world.clock.now += 3_000;
    const replied = started(
      await world.service.reply(session.id, 'trainee', "I'm so sorry for the wait, I understand how frustrating this is. Let me check now."),
    );
    expect(replied.replies[0]).toMatchObject({ verdict: 'ok', responseMs: 3_000, scores: { time: 100, tone: 100, empathy: 100 } });
  });

  it('scores a curt reply down on tone', async () => {
    const session = started(await world.service.start('trainee', scriptId));
    const replied = started(await world.service.reply(session.id, 'trainee', 'Read the FAQ.'));
    expect(replied.replies[0].verdict).toBe('curt');
    expect(replied.replies[0].scores.tone).toBeLessThan(100);
    expect(replied.replies[0].notes.join(' ')).toMatch(/dismissive|short/);
  });

  it('scores a reply to an upset customer without empathy down on empathy, the first reply above all', async () => {
    const session = started(await world.service.start('trainee', scriptId));
    const replied = started(
      await world.service.reply(session.id, 'trainee', 'Your order A1001 left our warehouse this morning and should arrive on Thursday.'),
    );
    expect(replied.replies[0].verdict).toBe('ok');
    expect(replied.replies[0].scores).toMatchObject({ tone: 100, empathy: 0 });
    expect(replied.replies[0].notes.join(' ')).toMatch(/upset .*did not acknowledge/);
    const ended = started(await world.service.end(session.id, 'trainee'));
    if (ended.state !== 'finished') throw new Error('not finished');
    expect(ended.summary.empathy).toBe(0);
    expect(ended.summary.overall).toBeLessThan(75);
    expect(ended.summary.notes.join(' ')).toMatch(/acknowledging the feeling/);
  });

  it('scores a slow reply down on time, against the 30-second SLA', async () => {
    const session = started(await world.service.start('trainee', scriptId));
    world.clock.now += 75_000;
    const replied = started(await world.service.reply(session.id, 'trainee', 'I am sorry for the delay, let me check your order.'));
    // Both customer lines wait for this reply: the time counts from the older one.
    expect(replied.replies[0].responseMs).toBe(75_000);
    expect(replied.replies[0].scores.time).toBe(50);
    expect(replied.replies[0].notes[0]).toMatch(/75 s; aim for 30 s/);
  });

  it('lets only the trainee reply, and tells an empty library', async () => {
    const session = started(await world.service.start('trainee', scriptId));
    expect(await world.service.reply(session.id, 'someone-else', 'hi')).toMatchObject({ ok: false, code: 'not_found' });
    const empty = await practiceWorld();
    expect(await empty.service.start('trainee')).toMatchObject({ ok: false, code: 'no_scripts' });
    expect((await world.service.review({ agentId: 'trainee' })).map((s) => s.id)).toEqual([session.id]);
  });
});

describe('practice in Chinese', () => {
  it('scores a curt Chinese reply down and an empathetic one up, with the suggestion in Chinese', async () => {
    const world = await practiceWorld();
    const ticketId = await world.resolveConversation(
      'c-zh',
      [
        ['customer', '我叫王小明，订单A1001怎么还没到，太慢了，气死我了！', 0],
        ['agent', '非常抱歉，我帮您查一下。', 20],
        ['customer', '好的', 30],
      ],
      0,
      'zh',
    );
    const added = await world.service.addToLibrary(ticketId, 'lead');
    if (!added.ok) throw new Error(added.message);
    expect(added.value.lines[0].text).toBe('我叫李明，订单ORD-0001怎么还没到，太慢了，气死我了！');
    expect(added.value.lines[0].upset).toBe(true);
    const curt = started(await world.service.start('ann'));
    const replied = started(await world.service.reply(curt.id, 'ann', '不知道'));
    expect(replied.replies[0].verdict).not.toBe('ok');
    expect(replied.replies[0].scores.empathy).toBe(0);
    expect(replied.replies[0].notes.join(' ')).toMatch(/\p{Script=Han}/u);
    const kind = started(await world.service.start('bo'));
    const good = started(await world.service.reply(kind.id, 'bo', '非常抱歉让您久等了，我马上帮您查询订单。'));
    expect(good.replies[0].scores).toMatchObject({ tone: 100, empathy: 100 });
  });
});

describe('two tabs of one trainee', () => {
  const redis = connectTestRedis('practice-tabs');
  afterAll(() => redis.cleanup());

  it.each(['memory', 'redis'] as const)('keeps both replies sent at once (%s store)', async (kind) => {
    const store = kind === 'redis' ? createRedisPracticeStore({ redis: redis.redis, keyPrefix: redis.keyPrefix }) : undefined;
    const world = await practiceWorld(store ? { store } : {});
    const ticketId = await world.resolveConversation('c-tabs', LATE_ORDER, 2);
    const added = await world.service.addToLibrary(ticketId, 'lead');
    if (!added.ok) throw new Error(added.message);
    const session = started(await world.service.start('tia', added.value.id));
    const results = await Promise.all([
      world.service.reply(session.id, 'tia', 'I am sorry for the wait.'),
      world.service.reply(session.id, 'tia', 'Let me check your order now.'),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    const stored = await world.service.read(session.id);
    expect(stored?.replies.map((reply) => reply.text).sort()).toEqual(['I am sorry for the wait.', 'Let me check your order now.']);
  });
});
