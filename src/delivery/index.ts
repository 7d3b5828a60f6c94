/** Transports of notices (spec §14): HTTP POST with an address guard, SMTP; the static status files (§15); no database. */
export { isPrivate, privateAddressProblem } from './addresses.js';
export { DeliveryError } from './errors.js';
export { deliver, USER_AGENT, type ChannelKind, type DeliveryChannel, type DeliveryOptions, type DeliveryResult } from './send.js';
export { createSmtpSender, type OutgoingMail, type SmtpConfig, type SmtpSender } from './smtp.js';
export { STATUS_FILE_NAMES, writeStatusFiles, type StatusFiles } from './status-files.js';
