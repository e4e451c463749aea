/**
 * PII masking: e-mails, resident ids, IBANs, cards, phones and addresses are masked before anything
 * reaches agents' desks, transcripts or logs. Import from here only.
 */
export { findPii, maskPii, maskText, type MaskOptions, type MaskResult, type PiiCounts } from './mask-pii.js';
export { maskDeep, piiLogMethod, piiLoggerOptions, piiLogSerializer } from './mask-deep.js';
export { passesLuhn, type PiiKind, type PiiMatch } from './detectors.js';
export { isResidentId } from './national-id.js';
export { passesMod97 } from './iban.js';
export { DEFAULT_PHONE_REGIONS, regionOfPhoneId, regionsForLocale } from './phones.js';
export { maskActivity, maskForRecord, maskSensitive, maskStrings } from './at-rest.js';
export { piiLogMasking } from './log-masking.js';
export { asciiDigits } from './normalize.js';
