/**
 * What the customer is told while a person takes over, in English and Chinese. The golden 30 seconds:
 * every escalation is answered at once with the place in the queue and the expected wait, or with
 * when the team is back.
 */
type Messages = {
  queued: (v: { position: number; waitMinutes: number }) => string;
  queuedNoAgents: (v: { position: number }) => string;
  closed: (v: { opensAt: string }) => string;
  stillQueued: (v: { position: number; waitMinutes: number }) => string;
  /** A reminder while nobody who could take the ticket is on duty: no wait is promised. */
  stillQueuedNoAgents: (v: { position: number }) => string;
  agentJoined: (v: { agentName: string }) => string;
  transferred: string;
  returnedToBot: string;
  resolved: string;
  /** A crisis routed to the `senior` skill. */
  crisis: string;
  /** A crisis that went to another queue (nobody senior on duty, or the shop's rules): no senior is promised. */
  crisisPriority: string;
  /** A message written while queued: it is kept for the agent, and the place is repeated. */
  noted: (v: { position: number }) => string;
  /** The customer withdrew from the queue ("cancel"); the bot carries on. */
  leftQueue: string;
  /** The queue could not be reached (its store is down): nothing was queued, the customer should ask again. */
  queueUnavailable: string;
};

const en: Messages = {
  queued: ({ position, waitMinutes }) =>
    `I'm bringing in a person from our team. You're number ${position} in the queue; the expected wait is ${waitMinutes <= 1 ? 'under a minute' : `about ${waitMinutes} minutes`}. You can keep writing here: they'll see everything.`,
  queuedNoAgents: ({ position }) =>
    `I'm bringing in a person from our team. You're number ${position} in the queue, but nobody who can take it is available right now, so I can't promise a wait. Leave your message here: it's kept for the team, and the first colleague back will answer you here.`,
  closed: ({ opensAt }) =>
    `Our team is offline right now and back ${opensAt}. Leave your message here: it's saved as a callback request, and a colleague will answer you here first thing.`,
  stillQueued: ({ position, waitMinutes }) =>
    `Thanks for waiting: you are now number ${position} in the queue (about ${Math.max(1, waitMinutes)} min). We haven't forgotten you.`,
  stillQueuedNoAgents: ({ position }) =>
    `Thanks for waiting: you are number ${position} in the queue. Nobody who can take it is available right now, so I can't give you a wait; your messages are kept and a colleague will answer here as soon as one is back.`,
  agentJoined: ({ agentName }) => `${agentName} from our team has joined the conversation.`,
  transferred: "I'm passing you to the colleague best placed to help; they'll see everything so far.",
  returnedToBot: 'You\'re back with the shop assistant. Ask me anything, or say "person" to reach the team again.',
  resolved: 'Your conversation with our team is closed. Thank you!',
  crisis: "I'm sorry this has happened. I'm passing this to a senior colleague right now, with priority.",
  crisisPriority: "I'm sorry this has happened. I'm passing this to our team right now, with priority.",
  noted: ({ position }) => `Got it, I've added that for our team. You're number ${position} in the queue.`,
  leftQueue: "OK, I've taken you out of the queue. I'm still here if you need anything.",
  queueUnavailable:
    "I'm sorry, I can't reach our team's queue right now, so I couldn't pass you on yet. Please ask again in a minute; I can still answer questions meanwhile.",
};

const zh: Messages = {
  queued: ({ position, waitMinutes }) =>
    `正在为您转接人工客服。您目前排在第 ${position} 位，预计等待${waitMinutes <= 1 ? '不到 1 分钟' : `约 ${waitMinutes} 分钟`}。您可以继续留言，客服会看到全部内容。`,
  queuedNoAgents: ({ position }) =>
    `正在为您转接人工客服。您目前排在第 ${position} 位，但现在没有能处理的同事在线，无法预估等待时间。请在这里留言：留言会保存给客服团队，第一位回来的同事会在这里回复您。`,
  closed: ({ opensAt }) => `客服团队目前不在线，将于${opensAt}回来。请在这里留言：已为您登记回复请求，同事上班后会第一时间在这里回复您。`,
  stillQueued: ({ position, waitMinutes }) => `感谢耐心等待：您现在排在第 ${position} 位（约 ${Math.max(1, waitMinutes)} 分钟）。我们没有忘记您。`,
  stillQueuedNoAgents: ({ position }) =>
    `感谢耐心等待：您排在第 ${position} 位。现在没有能处理的同事在线，无法预估等待时间；您的留言都已保存，同事一回来就会在这里回复您。`,
  agentJoined: ({ agentName }) => `客服 ${agentName} 已加入对话。`,
  transferred: '正在为您转给更合适的同事，对方可以看到之前的全部对话。',
  returnedToBot: '已为您切换回购物助手。有任何问题都可以问我，需要人工时说“人工”即可。',
  resolved: '本次人工服务已结束，感谢您的耐心！',
  crisis: '非常抱歉发生这样的情况。我正在把您的问题优先转给资深同事处理。',
  crisisPriority: '非常抱歉发生这样的情况。我正在把您的问题优先转给客服团队处理。',
  noted: ({ position }) => `收到，已为您转告客服。您目前排在第 ${position} 位。`,
  leftQueue: '好的，已为您取消排队。还有什么需要随时告诉我。',
  queueUnavailable: '非常抱歉，暂时无法连接人工客服队列，还没能为您转接。请一分钟后再说一次；这期间我仍可以回答您的问题。',
};

const MESSAGES: Record<string, Messages> = { en, zh };

/** The handoff messages of `locale`, English when the locale has none. */
export function handoffMessages(locale: string): Messages {
  return MESSAGES[locale.slice(0, 2)] ?? en;
}
