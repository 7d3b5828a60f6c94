/** The notice renderers (spec §14): pure functions from a notice and its context to each kind's message. */
export type { NoticeDescription, NoticeToRender, NoticeType, RenderContext } from './types.js';
export { describe } from './describe.js';
export { webhookBody } from './webhook.js';
export { slackBody, type SlackBody } from './slack.js';
export { teamsBody, type TeamsBody } from './teams.js';
export { discordBody, type DiscordBody } from './discord.js';
export { ntfyRequest, ntfyTarget, type NtfyMessage } from './ntfy.js';
export { emailMessage, type EmailMessage } from './email.js';
