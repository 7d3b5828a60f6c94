CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`to` text,
	`events` text NOT NULL,
	`schedules` text,
	`person_id` text,
	`remind_before` text NOT NULL,
	`secret` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channels_person` ON `channels` (`person_id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_id` text NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`schedule_id` text,
	`data` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`last_error` text,
	`next_attempt_at` integer,
	`lease_until` integer,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_channel_key` ON `notices` (`channel_id`,`key`);--> statement-breakpoint
CREATE INDEX `notices_due` ON `notices` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notices_channel_due` ON `notices` (`channel_id`,`due_at`);--> statement-breakpoint
CREATE TABLE `notifier_schedules` (
	`schedule_id` text PRIMARY KEY NOT NULL,
	`window_from` integer NOT NULL,
	`window_to` integer NOT NULL,
	`stretches` text NOT NULL,
	`announced_gaps` text NOT NULL,
	`emitted_until` integer NOT NULL
);
