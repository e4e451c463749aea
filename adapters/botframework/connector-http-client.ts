/**
 * The HTTP client botframework-connector sends replies with, bounded by a timeout. The connector's own
 * factory replaces any request policies it is given (`ConnectorFactoryImpl.create`), so a timeout cannot
 * be added as a policy; the one seam it keeps is `connectorClientOptions.httpClient`. This client sends
 * each request through @azure/core-rest-pipeline's default client (what the connector would use) with
 * `timeout` set, so a channel service that never answers fails the send instead of holding the turn,
 * the proactive message and the shutdown for ever.
 */
import type { CompatResponse, RequestPolicy, WebResourceLike } from '@azure/core-http-compat';
import { toCompatResponse } from '@azure/core-http-compat';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';

/** How long one call to a channel service may take, as the other platforms' clients allow (10 s). */
export const CONNECTOR_TIMEOUT_MS = 10_000;

/**
 * A connector `httpClient` whose every request gives up after `timeoutMs` (a `REQUEST_SEND_ERROR`
 * from core-rest-pipeline, which botbuilder surfaces as a failed send).
 */
export function timedConnectorHttpClient(timeoutMs = CONNECTOR_TIMEOUT_MS): RequestPolicy {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(web: WebResourceLike): Promise<CompatResponse> {
      const request = createPipelineRequest({
        url: web.url,
        method: web.method,
        headers: createHttpHeaders(web.headers.toJson({ preserveCase: true })),
        body: web.body,
        // As the connector's own ServiceClient decides: plain http only for an http serviceUrl (the Emulator's).
        allowInsecureConnection: web.url.toLowerCase().startsWith('http:'),
        // The caller's own timeout wins when it is shorter.
        timeout: web.timeout > 0 ? Math.min(web.timeout, timeoutMs) : timeoutMs,
        ...(web.abortSignal ? { abortSignal: web.abortSignal } : {}),
        ...(web.requestId ? { requestId: web.requestId } : {}),
      });
      const response = await inner.sendRequest(request);
      return toCompatResponse(response);
    },
  };
}
