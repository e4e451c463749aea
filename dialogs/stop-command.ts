/**
 * "Cancel", "stop", "取消": the customer's way out. Shared by the flows (it ends the active dialog) and
 * the handoff gate (it withdraws a queued ticket), so it lives here, beside the turn state, rather than
 * in a flow file the handoff would otherwise import.
 */

/** True when the whole message asks to stop the current dialog ("cancel", "stop", "取消"). */
export function isStopCommand(text: string | undefined): boolean {
  return /^(cancel|stop|quit|exit|abort|never ?mind|取消|停止|退出|不办了)[\s.!。！]*$/i.test((text ?? '').trim());
}
