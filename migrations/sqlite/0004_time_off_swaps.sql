CREATE TABLE `time_off` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `time_off_person_time` ON `time_off` (`person_id`,`start`);--> statement-breakpoint
ALTER TABLE `overrides` ADD `swap` text;--> statement-breakpoint
CREATE INDEX `overrides_swap` ON `overrides` (`swap`);