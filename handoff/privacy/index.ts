/**
 * PII masking: cards, e-mails, phones and addresses are masked before anything reaches agents'
 * desks, transcripts or logs. Import from here only.
 */
export { findPii, maskPii, maskText, type MaskOptions, type MaskResult, type PiiCounts } from './mask-pii.js';
export { maskDeep, piiLogMethod, piiLoggerOptions, piiLogSerializer } from './mask-deep.js';
export { passesLuhn, type PiiKind, type PiiMatch } from './detectors.js';
export { maskActivity, maskForRecord, maskSensitive, maskStrings } from './at-rest.js';
