/**
 * How Baton reaches Redis, as settings spread into the schema of `config.ts`: one server
 * (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES) or a master watched by Sentinel (REDIS_SENTINELS
 * with REDIS_SENTINEL_MASTER), each with passwords, an ACL user and TLS; and how many replicas must
 * have a write before it is acknowledged (REDIS_WAIT_REPLICAS). docs/redis-topologies.md explains them.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** One `host:port` of a list; a host is a name, an IPv4 address or a bracketed IPv6 one. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

const NODE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252}):(\d{1,5})$/;

/** Parses `host:port,host:port`, or says which entry is malformed (by position, never by value). */
export function parseNodeList(value: string): { nodes: RedisNode[] } | { error: string } {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return { error: 'lists no host:port' };
  if (entries.length > 64) return { error: `lists ${entries.length} nodes; at most 64 (a few seed nodes are enough: the client learns the rest)` };
  const nodes: RedisNode[] = [];
  for (const entry of entries) {
    const match = NODE.exec(entry);
    const port = Number(match?.[2]);
    // The entry is not echoed: a password pasted into the wrong setting must not reach a log.
    if (!match || port < 1 || port > 65535) return { error: `has an entry (number ${nodes.length + 1}) that is not host:port` };
    nodes.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return { nodes };
}

const nodeList = (example: string) =>
  optionalString.superRefine((value, context) => {
    if (value === undefined) return;
    const parsed = parseNodeList(value);
    if ('error' in parsed) context.addIssue({ code: 'custom', message: `${parsed.error}. Example: ${example}` });
  });

const flag = (name: string) =>
  optionalString
    .refine((value) => value === undefined || value === 'true' || value === 'false', {
      message: `must be 'true' or 'false' (or unset: false), e.g. ${name}=true`,
    })
    .transform((value) => value === 'true');

const absolutePath = (what: string) =>
  optionalString.refine((value) => value === undefined || value.startsWith('/'), {
    message: `must be an absolute path to ${what} (PEM), e.g. /run/secrets/redis-ca.pem`,
  });

const redisUrl = optionalString.refine((value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value), {
  message: 'is not a redis:// URL. Use e.g. redis://localhost:6379 (or rediss:// for TLS), or leave it unset for the in-memory store.',
});

/** The Redis settings; `checkRedisSettings` checks the ones that go together. */
export const redisSettings = {
  REDIS_URL: redisUrl,
  REDIS_CLUSTER_NODES: nodeList('REDIS_CLUSTER_NODES=redis-1:6379,redis-2:6379,redis-3:6379'),
  REDIS_SENTINELS: nodeList('REDIS_SENTINELS=sentinel-1:26379,sentinel-2:26379,sentinel-3:26379'),
  REDIS_SENTINEL_MASTER: optionalString.refine((value) => value === undefined || /^[\w.-]{1,64}$/.test(value), {
    message: "must be the master's name as in sentinel.conf (`sentinel monitor <name> ...`): letters, digits, . _ -, e.g. mymaster",
  }),
  REDIS_USERNAME: optionalString.refine((value) => value === undefined || /^\S{1,128}$/.test(value), {
    message: 'must be an ACL user name (no spaces, at most 128 characters), or unset for the default user',
  }),
  REDIS_PASSWORD: optionalString,
  REDIS_SENTINEL_USERNAME: optionalString.refine((value) => value === undefined || /^\S{1,128}$/.test(value), {
    message: 'must be an ACL user name of the sentinels (no spaces, at most 128 characters), or unset for their default user',
  }),
  REDIS_SENTINEL_PASSWORD: optionalString,
  REDIS_TLS: flag('REDIS_TLS'),
  REDIS_TLS_CA_FILE: absolutePath('the CA certificate that signed the Redis servers'),
  REDIS_TLS_CERT_FILE: absolutePath("this client's certificate"),
  REDIS_TLS_KEY_FILE: absolutePath("this client's private key"),
  REDIS_TLS_SERVERNAME: optionalString.refine((value) => value === undefined || /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(value), {
    message: "must be the host name on the servers' certificate, e.g. redis.internal",
  }),
  REDIS_WAIT_REPLICAS: z.coerce
    .number({ error: 'must be a whole number of replicas from 0 to 5 (default 0: acknowledge once the master has it)' })
    .int({ error: 'must be a whole number of replicas from 0 to 5 (default 0)' })
    .min(0, { error: 'must be a whole number of replicas from 0 to 5 (default 0)' })
    .max(5, { error: 'must be a whole number of replicas from 0 to 5 (default 0)' })
    .default(0),
  REDIS_WAIT_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds from 10 to 10000 (default 500)' })
    .int({ error: 'must be a whole number of milliseconds from 10 to 10000 (default 500)' })
    .min(10, { error: 'must be a number of milliseconds from 10 to 10000 (default 500)' })
    .max(10_000, { error: 'must be a number of milliseconds from 10 to 10000 (default 500)' })
    .default(500),
};

type RedisSettingsInput = { [K in keyof typeof redisSettings]: z.output<(typeof redisSettings)[K]> };

/** What the connection factory (infra/redis.ts) reads: the validated settings above, any of them may be left out. */
export type RedisConnectionSettings = Partial<RedisSettingsInput>;

/** The settings that say where Redis is; at most one of them. */
const TOPOLOGIES = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const;

/** The settings that only mean something once one of the topologies above is set. */
const NEEDS_REDIS = [
  'REDIS_USERNAME',
  'REDIS_PASSWORD',
  'REDIS_SENTINEL_MASTER',
  'REDIS_SENTINEL_USERNAME',
  'REDIS_SENTINEL_PASSWORD',
  'REDIS_TLS_CA_FILE',
  'REDIS_TLS_CERT_FILE',
  'REDIS_TLS_KEY_FILE',
  'REDIS_TLS_SERVERNAME',
] as const;

/** The checks that span several Redis settings; each message says the fix. */
export function checkRedisSettings(settings: RedisSettingsInput, context: z.RefinementCtx): void {
  const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
  const chosen = TOPOLOGIES.filter((key) => settings[key] !== undefined);
  if (chosen.length > 1) {
    issue(
      chosen[1]!,
      `is set, and so is ${chosen[0]}: Baton connects to one Redis deployment. Set REDIS_URL for one server, REDIS_CLUSTER_NODES for a Redis Cluster, or REDIS_SENTINELS with REDIS_SENTINEL_MASTER for a master watched by Sentinel; unset the others.`,
    );
  }
  if (chosen.length === 0) {
    const stray = NEEDS_REDIS.filter((key) => settings[key] !== undefined);
    if (stray.length > 0 || settings.REDIS_TLS || settings.REDIS_WAIT_REPLICAS > 0) {
      issue(
        stray[0] ?? (settings.REDIS_TLS ? 'REDIS_TLS' : 'REDIS_WAIT_REPLICAS'),
        'is set, but no Redis is: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (with REDIS_SENTINEL_MASTER), or unset it to run on the in-memory store.',
      );
    }
    return;
  }
  if (settings.REDIS_SENTINELS && !settings.REDIS_SENTINEL_MASTER) {
    issue('REDIS_SENTINEL_MASTER', 'is not set, but REDIS_SENTINELS is: name the master the sentinels watch (`sentinel monitor <name> ...`), e.g. mymaster.');
  }
  if (!settings.REDIS_SENTINELS) {
    for (const key of ['REDIS_SENTINEL_MASTER', 'REDIS_SENTINEL_USERNAME', 'REDIS_SENTINEL_PASSWORD'] as const) {
      if (settings[key] !== undefined) issue(key, 'is set, but REDIS_SENTINELS is not: list the sentinels (host:port,...), or unset it.');
    }
  }
  if (settings.REDIS_URL && /^rediss?:\/\/[^/@]*@/.test(settings.REDIS_URL) && (settings.REDIS_PASSWORD || settings.REDIS_USERNAME)) {
    issue(
      'REDIS_PASSWORD',
      'is set, and REDIS_URL carries credentials too: give them once, either in the URL (redis://user:password@host:6379) or in REDIS_USERNAME and REDIS_PASSWORD.',
    );
  }
  const tls = settings.REDIS_TLS || settings.REDIS_URL?.startsWith('rediss://') === true;
  if (!tls) {
    for (const key of ['REDIS_TLS_CA_FILE', 'REDIS_TLS_CERT_FILE', 'REDIS_TLS_KEY_FILE', 'REDIS_TLS_SERVERNAME'] as const) {
      if (settings[key] !== undefined) issue(key, 'is set, but TLS to Redis is not on: set REDIS_TLS=true (or use a rediss:// URL), or unset it.');
    }
  }
  if ((settings.REDIS_TLS_CERT_FILE === undefined) !== (settings.REDIS_TLS_KEY_FILE === undefined)) {
    issue(
      settings.REDIS_TLS_CERT_FILE ? 'REDIS_TLS_KEY_FILE' : 'REDIS_TLS_CERT_FILE',
      'is not set, but its partner is: a client certificate needs both REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE.',
    );
  }
}
