/** Transports of notices (spec §14): HTTP POST with an address guard, SMTP; no database. */
export { isPrivate, privateAddressProblem } from './addresses.js';
export { DeliveryError } from './errors.js';
export { deliver, USER_AGENT, type ChannelKind, type DeliveryChannel, type DeliveryOptions, type DeliveryResult } from './send.js';
export { createSmtpSender, type OutgoingMail, type SmtpConfig, type SmtpSender } from './smtp.js';
