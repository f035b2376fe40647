-- Baseline: the schema as V1 .. V63 leave it, for a NEW database only. Flyway runs this script instead of
-- those migrations on an empty schema (it records version 63 as applied and skips every V script up to it);
-- a database that has applied migrations already never runs it and goes on with the V scripts after its version.
--
-- Why: V15 and V23 created triggers and stored routines that V54 drops again, so a fresh install through the chain
-- needed TRIGGER and CREATE ROUTINE (and log_bin_trust_function_creators with binary logging on). This script holds
-- tables, indexes, constraints and the rows the migrations insert, nothing else: it runs with table DDL and DML.
--
-- Generated from a database migrated through V1 .. V63 (mariadb-dump --no-data, without triggers or routines,
-- plus the migrations' rows), grouped by the migration that first created each table; later ALTERs are folded in.
-- Never edit it once released: the next baseline is a new B file. BaselineMigrationTest checks it builds exactly
-- the schema and rows of the V chain. Foreign keys point only at tables created above them.

-- Tables first created by V1__tenants_and_operators.sql
CREATE TABLE `tenant` (
  `id` varchar(64) CHARACTER SET ascii NOT NULL,
  `name` varchar(200) NOT NULL,
  `time_zone` varchar(64) NOT NULL DEFAULT 'UTC',
  `created_at` datetime(6) NOT NULL,
  `post_approval_required` tinyint(1) NOT NULL DEFAULT 1,
  `business_hours` text DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `operator` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `subject` varchar(255) NOT NULL,
  `username` varchar(255) DEFAULT NULL,
  `name` varchar(255) DEFAULT NULL,
  `email` varchar(320) DEFAULT NULL,
  `roles` varchar(100) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `availability` varchar(16) CHARACTER SET ascii NOT NULL DEFAULT 'OFFLINE',
  `availability_since` datetime(6) DEFAULT NULL,
  `stream_seen_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_operator_subject` (`tenant_id`,`subject`),
  KEY `ix_operator_online_stream` (`availability`,`stream_seen_at`),
  CONSTRAINT `fk_operator_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V2__inbox.sql
CREATE TABLE `channel` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `name` varchar(200) NOT NULL,
  `channel_key` varchar(64) CHARACTER SET ascii NOT NULL,
  `config` text NOT NULL,
  `secrets` text DEFAULT NULL,
  `enabled` tinyint(1) NOT NULL DEFAULT 1,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `first_response_target_seconds` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_channel_key` (`channel_key`),
  KEY `ix_channel_tenant` (`tenant_id`,`created_at`),
  CONSTRAINT `fk_channel_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`),
  CONSTRAINT `ck_channel_response_target` CHECK (`first_response_target_seconds` is null or `first_response_target_seconds` between 1 and 2592000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `contact` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `name` varchar(255) DEFAULT NULL,
  `email` varchar(320) DEFAULT NULL,
  `phone` varchar(32) DEFAULT NULL,
  `merged_into_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_contact_tenant` (`tenant_id`,`id`),
  FULLTEXT KEY `ft_contact` (`name`,`email`,`phone`),
  CONSTRAINT `fk_contact_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `contact_identity` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `contact_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `external_id` varchar(255) NOT NULL,
  `handle` varchar(255) DEFAULT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_identity` (`channel_id`,`external_id`),
  KEY `ix_identity_contact` (`contact_id`),
  KEY `ix_identity_contact_channel` (`contact_id`,`channel_id`,`created_at`,`id`),
  CONSTRAINT `fk_identity_channel` FOREIGN KEY (`channel_id`) REFERENCES `channel` (`id`),
  CONSTRAINT `fk_identity_contact` FOREIGN KEY (`contact_id`) REFERENCES `contact` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `conversation` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `contact_id` char(36) CHARACTER SET ascii NOT NULL,
  `thread_key` varchar(255) NOT NULL,
  `public_thread` tinyint(1) NOT NULL DEFAULT 0,
  `subject` varchar(500) DEFAULT NULL,
  `status` varchar(16) CHARACTER SET ascii NOT NULL,
  `priority` varchar(16) CHARACTER SET ascii NOT NULL DEFAULT 'NORMAL',
  `snoozed_until` datetime(6) DEFAULT NULL,
  `assignee_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `team_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `last_activity_at` datetime(6) NOT NULL,
  `last_inbound_at` datetime(6) DEFAULT NULL,
  `last_message_preview` varchar(280) DEFAULT NULL,
  `unread_count` int(11) NOT NULL DEFAULT 0,
  `version` bigint(20) NOT NULL DEFAULT 0,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `waiting_since` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_conversation_thread` (`channel_id`,`thread_key`),
  KEY `ix_conversation_activity` (`tenant_id`,`last_activity_at`,`id`),
  KEY `ix_conversation_status` (`tenant_id`,`status`,`last_activity_at`,`id`),
  KEY `ix_conversation_snoozed` (`status`,`snoozed_until`),
  KEY `ix_conversation_team` (`tenant_id`,`team_id`,`last_activity_at`,`id`),
  KEY `ix_conversation_waiting` (`channel_id`,`status`,`assignee_id`,`waiting_since`),
  KEY `ix_conversation_load` (`assignee_id`,`status`,`channel_id`),
  KEY `ix_conversation_assignee` (`tenant_id`,`assignee_id`,`status`,`last_activity_at`,`id`),
  KEY `ix_conversation_channel` (`tenant_id`,`channel_id`,`status`,`last_activity_at`,`id`),
  KEY `ix_conversation_contact` (`contact_id`,`last_activity_at`,`id`),
  CONSTRAINT `fk_conversation_channel` FOREIGN KEY (`channel_id`) REFERENCES `channel` (`id`),
  CONSTRAINT `fk_conversation_contact` FOREIGN KEY (`contact_id`) REFERENCES `contact` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `conversation_label` (
  `conversation_id` char(36) CHARACTER SET ascii NOT NULL,
  `label` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (`conversation_id`,`label`),
  KEY `ix_label` (`label`,`conversation_id`),
  CONSTRAINT `fk_label_conversation` FOREIGN KEY (`conversation_id`) REFERENCES `conversation` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `message` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `conversation_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `direction` varchar(16) CHARACTER SET ascii NOT NULL,
  `author_operator_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `text` mediumtext DEFAULT NULL,
  `attachments` text DEFAULT NULL,
  `external_id` varchar(255) DEFAULT NULL,
  `delivery_status` varchar(16) CHARACTER SET ascii DEFAULT NULL,
  `created_at` datetime(6) NOT NULL,
  `received_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_message_external` (`channel_id`,`external_id`),
  KEY `ix_message_conversation` (`conversation_id`,`created_at`,`id`),
  KEY `ix_message_channel_created` (`channel_id`,`created_at`),
  FULLTEXT KEY `ft_message_text` (`text`),
  CONSTRAINT `fk_message_conversation` FOREIGN KEY (`conversation_id`) REFERENCES `conversation` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `conversation_event` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `conversation_id` char(36) CHARACTER SET ascii NOT NULL,
  `type` varchar(40) CHARACTER SET ascii NOT NULL,
  `actor_operator_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `data` text DEFAULT NULL,
  `created_at` datetime(6) NOT NULL,
  `seq` bigint(20) NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ux_event_seq` (`seq`),
  KEY `ix_event_conversation` (`conversation_id`,`id`),
  KEY `ix_event_created` (`created_at`,`id`),
  KEY `ix_event_tenant_seq` (`tenant_id`,`seq`),
  CONSTRAINT `fk_event_conversation` FOREIGN KEY (`conversation_id`) REFERENCES `conversation` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `webhook_nonce` (
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `nonce` varchar(128) CHARACTER SET ascii NOT NULL,
  `seen_at` datetime(6) NOT NULL,
  `used_for` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`channel_id`,`nonce`),
  KEY `ix_nonce_seen` (`seen_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V7__operator_rates.sql
CREATE TABLE `operator_rate` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `operator_id` char(36) CHARACTER SET ascii NOT NULL,
  `effective_from` datetime(6) NOT NULL,
  `amount_minor` bigint(20) NOT NULL,
  `currency` char(3) CHARACTER SET ascii NOT NULL,
  `set_by_operator_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_operator_rate` (`operator_id`,`effective_from`),
  KEY `ix_operator_rate_tenant` (`tenant_id`,`operator_id`,`effective_from`),
  CONSTRAINT `fk_operator_rate_operator` FOREIGN KEY (`operator_id`) REFERENCES `operator` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V8__delivery.sql
CREATE TABLE `delivery` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `message_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `conversation_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `status` varchar(16) CHARACTER SET ascii NOT NULL,
  `attempts` int(11) NOT NULL DEFAULT 0,
  `send_at` datetime(6) DEFAULT NULL,
  `due_at` datetime(6) DEFAULT NULL,
  `claim_token` char(36) CHARACTER SET ascii DEFAULT NULL,
  `provider_id` varchar(255) DEFAULT NULL,
  `last_error` varchar(1000) DEFAULT NULL,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `sent_at` datetime(6) DEFAULT NULL,
  `early_receipt_status` varchar(16) CHARACTER SET ascii DEFAULT NULL,
  `early_receipt_error` varchar(1000) DEFAULT NULL,
  `publication_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `publication_item_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `recipient_contact_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `recipient_address` varchar(255) DEFAULT NULL,
  `lane` tinyint(4) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_delivery_message` (`message_id`),
  KEY `ix_delivery_provider` (`channel_id`,`provider_id`),
  KEY `ix_delivery_publication` (`publication_id`,`status`),
  KEY `ix_delivery_lane_due` (`lane`,`due_at`),
  CONSTRAINT `fk_delivery_message` FOREIGN KEY (`message_id`) REFERENCES `message` (`id`),
  CONSTRAINT `ck_delivery_subject` CHECK (`message_id` is not null or `publication_item_id` is not null)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `idempotency_key` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `operator_id` char(36) CHARACTER SET ascii NOT NULL,
  `idempotency_key` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `fingerprint` char(64) CHARACTER SET ascii NOT NULL,
  `message_id` char(36) CHARACTER SET ascii NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`tenant_id`,`operator_id`,`idempotency_key`),
  KEY `ix_idempotency_created` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V9__staff_and_assignment.sql
CREATE TABLE `operator_availability` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `operator_id` char(36) CHARACTER SET ascii NOT NULL,
  `availability` varchar(16) CHARACTER SET ascii NOT NULL,
  `started_at` datetime(6) NOT NULL,
  `ended_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_availability_operator` (`operator_id`,`started_at`),
  KEY `ix_availability_tenant` (`tenant_id`,`started_at`),
  CONSTRAINT `fk_availability_operator` FOREIGN KEY (`operator_id`) REFERENCES `operator` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `tenant_capacity` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `capacity` int(11) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`tenant_id`,`channel_kind`),
  CONSTRAINT `fk_tenant_capacity_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `operator_capacity` (
  `operator_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `capacity` int(11) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`operator_id`,`channel_kind`),
  KEY `ix_operator_capacity_tenant` (`tenant_id`,`operator_id`),
  CONSTRAINT `fk_operator_capacity_operator` FOREIGN KEY (`operator_id`) REFERENCES `operator` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `team` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `name` varchar(200) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_team_name` (`tenant_id`,`name`),
  CONSTRAINT `fk_team_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `team_member` (
  `team_id` char(36) CHARACTER SET ascii NOT NULL,
  `operator_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `added_at` datetime(6) NOT NULL,
  `last_assigned_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`team_id`,`operator_id`),
  KEY `ix_team_member_operator` (`operator_id`),
  CONSTRAINT `fk_team_member_operator` FOREIGN KEY (`operator_id`) REFERENCES `operator` (`id`),
  CONSTRAINT `fk_team_member_team` FOREIGN KEY (`team_id`) REFERENCES `team` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `channel_routing` (
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `team_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `auto_assignment` varchar(16) CHARACTER SET ascii NOT NULL DEFAULT 'OFF',
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`channel_id`),
  KEY `ix_routing_auto` (`auto_assignment`,`tenant_id`),
  KEY `ix_routing_team` (`team_id`),
  CONSTRAINT `fk_routing_channel` FOREIGN KEY (`channel_id`) REFERENCES `channel` (`id`),
  CONSTRAINT `fk_routing_team` FOREIGN KEY (`team_id`) REFERENCES `team` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `assignment_lock` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (`tenant_id`),
  CONSTRAINT `fk_assignment_lock_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V10__workload.sql
CREATE TABLE `work_session` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `operator_id` char(36) CHARACTER SET ascii NOT NULL,
  `conversation_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `channel_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `source` varchar(8) CHARACTER SET ascii NOT NULL,
  `started_at` datetime(6) NOT NULL,
  `last_heartbeat_at` datetime(6) DEFAULT NULL,
  `ended_at` datetime(6) DEFAULT NULL,
  `duration_seconds` int(11) NOT NULL,
  `hourly_cost_minor` bigint(20) DEFAULT NULL,
  `hourly_cost_currency` char(3) CHARACTER SET ascii DEFAULT NULL,
  `note` varchar(2000) DEFAULT NULL,
  `created_by` char(36) CHARACTER SET ascii NOT NULL,
  `created_at` datetime(6) NOT NULL,
  `updated_by` char(36) CHARACTER SET ascii NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `open_conversation_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `post_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `open_post_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_work_session_open` (`operator_id`,`open_conversation_id`),
  UNIQUE KEY `uk_work_session_open_post` (`operator_id`,`open_post_id`),
  KEY `ix_work_session_period` (`tenant_id`,`started_at`,`id`),
  KEY `ix_work_session_operator` (`tenant_id`,`operator_id`,`started_at`,`id`),
  KEY `ix_work_session_kind` (`tenant_id`,`channel_kind`,`started_at`,`id`),
  KEY `ix_work_session_conversation` (`conversation_id`,`started_at`,`id`),
  KEY `ix_work_session_idle` (`ended_at`,`last_heartbeat_at`),
  KEY `ix_work_session_channel` (`tenant_id`,`channel_id`,`started_at`),
  KEY `ix_work_session_post` (`tenant_id`,`post_id`,`started_at`),
  CONSTRAINT `fk_work_session_conversation` FOREIGN KEY (`conversation_id`) REFERENCES `conversation` (`id`),
  CONSTRAINT `fk_work_session_operator` FOREIGN KEY (`operator_id`) REFERENCES `operator` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `work_session_change` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `work_session_id` char(36) CHARACTER SET ascii NOT NULL,
  `action` varchar(16) CHARACTER SET ascii NOT NULL,
  `changed_by` char(36) CHARACTER SET ascii NOT NULL,
  `changed_at` datetime(6) NOT NULL,
  `entry` text NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_work_session_change` (`work_session_id`,`changed_at`,`id`),
  KEY `ix_work_session_change_tenant` (`tenant_id`,`changed_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `reporting_event` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `conversation_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `operator_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `started_at` datetime(6) NOT NULL,
  `ended_at` datetime(6) NOT NULL,
  `seconds` bigint(20) NOT NULL,
  `source_id` char(36) CHARACTER SET ascii NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_reporting_event` (`kind`,`source_id`),
  KEY `ix_reporting_event_period` (`tenant_id`,`kind`,`ended_at`),
  KEY `ix_reporting_event_operator` (`tenant_id`,`operator_id`,`kind`,`ended_at`),
  KEY `ix_reporting_event_conversation` (`conversation_id`,`kind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `reporting_watermark` (
  `processor` varchar(64) CHARACTER SET ascii NOT NULL,
  `watermark` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`processor`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V12__quartz.sql
CREATE TABLE `QRTZ_JOB_DETAILS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `JOB_NAME` varchar(190) NOT NULL,
  `JOB_GROUP` varchar(190) NOT NULL,
  `DESCRIPTION` varchar(250) DEFAULT NULL,
  `JOB_CLASS_NAME` varchar(250) NOT NULL,
  `IS_DURABLE` varchar(1) NOT NULL,
  `IS_NONCONCURRENT` varchar(1) NOT NULL,
  `IS_UPDATE_DATA` varchar(1) NOT NULL,
  `REQUESTS_RECOVERY` varchar(1) NOT NULL,
  `JOB_DATA` blob DEFAULT NULL,
  PRIMARY KEY (`SCHED_NAME`,`JOB_NAME`,`JOB_GROUP`),
  KEY `IDX_QRTZ_J_REQ_RECOVERY` (`SCHED_NAME`,`REQUESTS_RECOVERY`),
  KEY `IDX_QRTZ_J_GRP` (`SCHED_NAME`,`JOB_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_TRIGGERS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `TRIGGER_NAME` varchar(190) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  `JOB_NAME` varchar(190) NOT NULL,
  `JOB_GROUP` varchar(190) NOT NULL,
  `DESCRIPTION` varchar(250) DEFAULT NULL,
  `NEXT_FIRE_TIME` bigint(13) DEFAULT NULL,
  `PREV_FIRE_TIME` bigint(13) DEFAULT NULL,
  `PRIORITY` int(11) DEFAULT NULL,
  `TRIGGER_STATE` varchar(16) NOT NULL,
  `TRIGGER_TYPE` varchar(8) NOT NULL,
  `START_TIME` bigint(13) NOT NULL,
  `END_TIME` bigint(13) DEFAULT NULL,
  `CALENDAR_NAME` varchar(190) DEFAULT NULL,
  `MISFIRE_INSTR` smallint(2) DEFAULT NULL,
  `JOB_DATA` blob DEFAULT NULL,
  PRIMARY KEY (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  KEY `IDX_QRTZ_T_J` (`SCHED_NAME`,`JOB_NAME`,`JOB_GROUP`),
  KEY `IDX_QRTZ_T_JG` (`SCHED_NAME`,`JOB_GROUP`),
  KEY `IDX_QRTZ_T_C` (`SCHED_NAME`,`CALENDAR_NAME`),
  KEY `IDX_QRTZ_T_G` (`SCHED_NAME`,`TRIGGER_GROUP`),
  KEY `IDX_QRTZ_T_STATE` (`SCHED_NAME`,`TRIGGER_STATE`),
  KEY `IDX_QRTZ_T_N_STATE` (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`,`TRIGGER_STATE`),
  KEY `IDX_QRTZ_T_N_G_STATE` (`SCHED_NAME`,`TRIGGER_GROUP`,`TRIGGER_STATE`),
  KEY `IDX_QRTZ_T_NEXT_FIRE_TIME` (`SCHED_NAME`,`NEXT_FIRE_TIME`),
  KEY `IDX_QRTZ_T_NFT_ST` (`SCHED_NAME`,`TRIGGER_STATE`,`NEXT_FIRE_TIME`),
  KEY `IDX_QRTZ_T_NFT_MISFIRE` (`SCHED_NAME`,`MISFIRE_INSTR`,`NEXT_FIRE_TIME`),
  KEY `IDX_QRTZ_T_NFT_ST_MISFIRE` (`SCHED_NAME`,`MISFIRE_INSTR`,`NEXT_FIRE_TIME`,`TRIGGER_STATE`),
  KEY `IDX_QRTZ_T_NFT_ST_MISFIRE_GRP` (`SCHED_NAME`,`MISFIRE_INSTR`,`NEXT_FIRE_TIME`,`TRIGGER_GROUP`,`TRIGGER_STATE`),
  CONSTRAINT `QRTZ_TRIGGERS_ibfk_1` FOREIGN KEY (`SCHED_NAME`, `JOB_NAME`, `JOB_GROUP`) REFERENCES `QRTZ_JOB_DETAILS` (`SCHED_NAME`, `JOB_NAME`, `JOB_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_SIMPLE_TRIGGERS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `TRIGGER_NAME` varchar(190) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  `REPEAT_COUNT` bigint(7) NOT NULL,
  `REPEAT_INTERVAL` bigint(12) NOT NULL,
  `TIMES_TRIGGERED` bigint(10) NOT NULL,
  PRIMARY KEY (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  CONSTRAINT `QRTZ_SIMPLE_TRIGGERS_ibfk_1` FOREIGN KEY (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`) REFERENCES `QRTZ_TRIGGERS` (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_CRON_TRIGGERS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `TRIGGER_NAME` varchar(190) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  `CRON_EXPRESSION` varchar(120) NOT NULL,
  `TIME_ZONE_ID` varchar(80) DEFAULT NULL,
  PRIMARY KEY (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  CONSTRAINT `QRTZ_CRON_TRIGGERS_ibfk_1` FOREIGN KEY (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`) REFERENCES `QRTZ_TRIGGERS` (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_SIMPROP_TRIGGERS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `TRIGGER_NAME` varchar(190) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  `STR_PROP_1` varchar(512) DEFAULT NULL,
  `STR_PROP_2` varchar(512) DEFAULT NULL,
  `STR_PROP_3` varchar(512) DEFAULT NULL,
  `INT_PROP_1` int(11) DEFAULT NULL,
  `INT_PROP_2` int(11) DEFAULT NULL,
  `LONG_PROP_1` bigint(20) DEFAULT NULL,
  `LONG_PROP_2` bigint(20) DEFAULT NULL,
  `DEC_PROP_1` decimal(13,4) DEFAULT NULL,
  `DEC_PROP_2` decimal(13,4) DEFAULT NULL,
  `BOOL_PROP_1` varchar(1) DEFAULT NULL,
  `BOOL_PROP_2` varchar(1) DEFAULT NULL,
  PRIMARY KEY (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  CONSTRAINT `QRTZ_SIMPROP_TRIGGERS_ibfk_1` FOREIGN KEY (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`) REFERENCES `QRTZ_TRIGGERS` (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_BLOB_TRIGGERS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `TRIGGER_NAME` varchar(190) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  `BLOB_DATA` blob DEFAULT NULL,
  PRIMARY KEY (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  KEY `SCHED_NAME` (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  CONSTRAINT `QRTZ_BLOB_TRIGGERS_ibfk_1` FOREIGN KEY (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`) REFERENCES `QRTZ_TRIGGERS` (`SCHED_NAME`, `TRIGGER_NAME`, `TRIGGER_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_CALENDARS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `CALENDAR_NAME` varchar(190) NOT NULL,
  `CALENDAR` blob NOT NULL,
  PRIMARY KEY (`SCHED_NAME`,`CALENDAR_NAME`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_PAUSED_TRIGGER_GRPS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  PRIMARY KEY (`SCHED_NAME`,`TRIGGER_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_FIRED_TRIGGERS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `ENTRY_ID` varchar(95) NOT NULL,
  `TRIGGER_NAME` varchar(190) NOT NULL,
  `TRIGGER_GROUP` varchar(190) NOT NULL,
  `INSTANCE_NAME` varchar(190) NOT NULL,
  `FIRED_TIME` bigint(13) NOT NULL,
  `SCHED_TIME` bigint(13) NOT NULL,
  `PRIORITY` int(11) NOT NULL,
  `STATE` varchar(16) NOT NULL,
  `JOB_NAME` varchar(190) DEFAULT NULL,
  `JOB_GROUP` varchar(190) DEFAULT NULL,
  `IS_NONCONCURRENT` varchar(1) DEFAULT NULL,
  `REQUESTS_RECOVERY` varchar(1) DEFAULT NULL,
  PRIMARY KEY (`SCHED_NAME`,`ENTRY_ID`),
  KEY `IDX_QRTZ_FT_TRIG_INST_NAME` (`SCHED_NAME`,`INSTANCE_NAME`),
  KEY `IDX_QRTZ_FT_INST_JOB_REQ_RCVRY` (`SCHED_NAME`,`INSTANCE_NAME`,`REQUESTS_RECOVERY`),
  KEY `IDX_QRTZ_FT_J_G` (`SCHED_NAME`,`JOB_NAME`,`JOB_GROUP`),
  KEY `IDX_QRTZ_FT_JG` (`SCHED_NAME`,`JOB_GROUP`),
  KEY `IDX_QRTZ_FT_T_G` (`SCHED_NAME`,`TRIGGER_NAME`,`TRIGGER_GROUP`),
  KEY `IDX_QRTZ_FT_TG` (`SCHED_NAME`,`TRIGGER_GROUP`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_SCHEDULER_STATE` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `INSTANCE_NAME` varchar(190) NOT NULL,
  `LAST_CHECKIN_TIME` bigint(13) NOT NULL,
  `CHECKIN_INTERVAL` bigint(13) NOT NULL,
  PRIMARY KEY (`SCHED_NAME`,`INSTANCE_NAME`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `QRTZ_LOCKS` (
  `SCHED_NAME` varchar(120) NOT NULL,
  `LOCK_NAME` varchar(40) NOT NULL,
  PRIMARY KEY (`SCHED_NAME`,`LOCK_NAME`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V13__posts.sql
CREATE TABLE `post` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `author_id` char(36) CHARACTER SET ascii NOT NULL,
  `status` varchar(24) CHARACTER SET ascii NOT NULL,
  `text` text DEFAULT NULL,
  `subject` varchar(998) DEFAULT NULL,
  `media` text DEFAULT NULL,
  `audience_channel_id` char(36) CHARACTER SET ascii DEFAULT NULL,
  `audience_label` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,
  `audience_text` text DEFAULT NULL,
  `scheduled_at` datetime(6) NOT NULL,
  `time_zone` varchar(64) CHARACTER SET ascii NOT NULL,
  `recurrence_cron` varchar(200) CHARACTER SET ascii DEFAULT NULL,
  `recurrence_every_days` int(11) DEFAULT NULL,
  `recurrence_until` datetime(6) DEFAULT NULL,
  `next_run_at` datetime(6) DEFAULT NULL,
  `submitted_at` datetime(6) DEFAULT NULL,
  `approved_by` char(36) CHARACTER SET ascii DEFAULT NULL,
  `approved_at` datetime(6) DEFAULT NULL,
  `version` int(11) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `variants` mediumtext DEFAULT NULL,
  `sent_back_comment` varchar(2000) DEFAULT NULL,
  `sent_back_by` char(36) CHARACTER SET ascii DEFAULT NULL,
  `sent_back_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_post_calendar` (`tenant_id`,`scheduled_at`),
  KEY `ix_post_status` (`tenant_id`,`status`,`scheduled_at`),
  KEY `fk_post_author` (`author_id`),
  CONSTRAINT `fk_post_author` FOREIGN KEY (`author_id`) REFERENCES `operator` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `post_target` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `post_id` char(36) CHARACTER SET ascii NOT NULL,
  `position` int(11) NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `text` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_post_target` (`post_id`,`position`),
  KEY `fk_post_target_channel` (`channel_id`),
  CONSTRAINT `fk_post_target_channel` FOREIGN KEY (`channel_id`) REFERENCES `channel` (`id`),
  CONSTRAINT `fk_post_target_post` FOREIGN KEY (`post_id`) REFERENCES `post` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `publication` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `post_id` char(36) CHARACTER SET ascii NOT NULL,
  `occurrence_at` datetime(6) NOT NULL,
  `fired_at` datetime(6) NOT NULL,
  `status` varchar(24) CHARACTER SET ascii NOT NULL,
  `recipients` int(11) NOT NULL,
  `finished_at` datetime(6) DEFAULT NULL,
  `failure_reason` varchar(500) DEFAULT NULL,
  `experiment_seed` char(36) CHARACTER SET ascii DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_publication_occurrence` (`post_id`,`occurrence_at`),
  KEY `ix_publication_open` (`status`,`fired_at`),
  KEY `ix_publication_period` (`tenant_id`,`occurrence_at`),
  KEY `ix_publication_tenant_occurrence` (`tenant_id`,`occurrence_at`,`id`),
  CONSTRAINT `fk_publication_post` FOREIGN KEY (`post_id`) REFERENCES `post` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `publication_item` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `publication_id` char(36) CHARACTER SET ascii NOT NULL,
  `position` int(11) NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `mode` varchar(16) CHARACTER SET ascii NOT NULL,
  `text` text DEFAULT NULL,
  `subject` varchar(998) DEFAULT NULL,
  `media` text DEFAULT NULL,
  `audience_label` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,
  `sent` int(11) DEFAULT NULL,
  `failed` int(11) DEFAULT NULL,
  `variant` int(11) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_publication_item` (`publication_id`,`position`),
  CONSTRAINT `fk_publication_item_publication` FOREIGN KEY (`publication_id`) REFERENCES `publication` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V15__report_rollups.sql
CREATE TABLE `report_work_day` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `day` date NOT NULL,
  `channel_key` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `currency` char(3) CHARACTER SET ascii NOT NULL,
  `handling_seconds` bigint(20) NOT NULL,
  `cost_minor_seconds` decimal(36,0) NOT NULL,
  `sessions` bigint(20) NOT NULL,
  PRIMARY KEY (`tenant_id`,`day`,`channel_key`,`channel_kind`,`currency`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `report_conversation_period` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `granularity` char(1) CHARACTER SET ascii NOT NULL,
  `period_start` date NOT NULL,
  `channel_key` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `conversation_id` char(36) CHARACTER SET ascii NOT NULL,
  `refs` int(11) NOT NULL,
  PRIMARY KEY (`tenant_id`,`granularity`,`period_start`,`channel_key`,`channel_kind`,`conversation_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `report_handled_period` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `granularity` char(1) CHARACTER SET ascii NOT NULL,
  `period_start` date NOT NULL,
  `channel_key` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `conversations` bigint(20) NOT NULL,
  PRIMARY KEY (`tenant_id`,`granularity`,`period_start`,`channel_key`,`channel_kind`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `report_count_day` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `day` date NOT NULL,
  `channel_key` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `measure` varchar(24) CHARACTER SET ascii NOT NULL,
  `shard` tinyint(3) unsigned NOT NULL DEFAULT 0,
  `n` bigint(20) NOT NULL,
  PRIMARY KEY (`tenant_id`,`day`,`channel_key`,`channel_kind`,`measure`,`shard`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V18__contact_labels.sql
CREATE TABLE `contact_label` (
  `contact_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `label` varchar(64) NOT NULL,
  PRIMARY KEY (`contact_id`,`label`),
  KEY `ix_contact_label_audience` (`tenant_id`,`label`,`contact_id`),
  CONSTRAINT `fk_contact_label_contact` FOREIGN KEY (`contact_id`) REFERENCES `contact` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Tables first created by V20__tenant_limits.sql
CREATE TABLE `tenant_limits` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `api_per_minute` int(11) DEFAULT NULL,
  `api_burst` int(11) DEFAULT NULL,
  `public_per_minute` int(11) DEFAULT NULL,
  `public_burst` int(11) DEFAULT NULL,
  `sms_per_day` int(11) DEFAULT NULL,
  `email_per_day` int(11) DEFAULT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`tenant_id`),
  CONSTRAINT `fk_tenant_limits_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V21__paid_message_usage.sql
CREATE TABLE `paid_message_usage` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `day` date NOT NULL,
  `used` int(11) NOT NULL,
  PRIMARY KEY (`tenant_id`,`channel_kind`,`day`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V32__post_metrics.sql
CREATE TABLE `post_metrics_watch` (
  `delivery_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `post_id` char(36) CHARACTER SET ascii NOT NULL,
  `publication_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_kind` varchar(16) CHARACTER SET ascii NOT NULL,
  `provider_post_id` varchar(128) CHARACTER SET ascii NOT NULL,
  `published_at` datetime(6) NOT NULL,
  `fetches` int(11) NOT NULL DEFAULT 0,
  `next_fetch_at` datetime(6) DEFAULT NULL,
  `failures` int(11) NOT NULL DEFAULT 0,
  `last_error` varchar(1000) DEFAULT NULL,
  `stopped_reason` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`delivery_id`),
  KEY `ix_post_metrics_watch_due` (`next_fetch_at`),
  KEY `ix_post_metrics_watch_post` (`tenant_id`,`post_id`),
  KEY `ix_post_metrics_watch_channel` (`tenant_id`,`channel_id`,`published_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `post_metrics_snapshot` (
  `id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `delivery_id` char(36) CHARACTER SET ascii NOT NULL,
  `post_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `fetched_at` datetime(6) NOT NULL,
  `views` bigint(20) DEFAULT NULL,
  `unique_views` bigint(20) DEFAULT NULL,
  `reactions` bigint(20) DEFAULT NULL,
  `comments` bigint(20) DEFAULT NULL,
  `shares` bigint(20) DEFAULT NULL,
  `quotes` bigint(20) DEFAULT NULL,
  `bookmarks` bigint(20) DEFAULT NULL,
  `dropped_metrics` varchar(500) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_post_metrics_snapshot_target` (`delivery_id`,`fetched_at`),
  KEY `ix_post_metrics_snapshot_post` (`tenant_id`,`post_id`,`fetched_at`),
  KEY `ix_post_metrics_snapshot_channel` (`tenant_id`,`channel_id`,`fetched_at`),
  CONSTRAINT `fk_post_metrics_snapshot_watch` FOREIGN KEY (`delivery_id`) REFERENCES `post_metrics_watch` (`delivery_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `channel_follower_count` (
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `day` date NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `followers` bigint(20) NOT NULL,
  `fetched_at` datetime(6) NOT NULL,
  PRIMARY KEY (`channel_id`,`day`),
  KEY `ix_channel_follower_count_tenant` (`tenant_id`,`day`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `channel_metrics_state` (
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `paused_until` datetime(6) DEFAULT NULL,
  `followers_due_at` datetime(6) DEFAULT NULL,
  `followers_failures` int(11) NOT NULL DEFAULT 0,
  `last_error` varchar(1000) DEFAULT NULL,
  PRIMARY KEY (`channel_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `provider_metric_refused` (
  `provider` varchar(16) CHARACTER SET ascii NOT NULL,
  `metric` varchar(100) CHARACTER SET ascii NOT NULL,
  `refused_at` datetime(6) NOT NULL,
  `error` varchar(1000) DEFAULT NULL,
  PRIMARY KEY (`provider`,`metric`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `engagement_settings` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `x_monthly_read_budget` int(11) DEFAULT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`tenant_id`),
  CONSTRAINT `fk_engagement_settings_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `x_read_usage` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `month` char(7) CHARACTER SET ascii NOT NULL,
  `reads_used` int(11) NOT NULL,
  PRIMARY KEY (`tenant_id`,`month`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V40__email_domains.sql
CREATE TABLE `email_domain` (
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `domain` varchar(253) CHARACTER SET ascii NOT NULL,
  `token` varchar(64) CHARACTER SET ascii NOT NULL,
  `created_at` datetime(6) NOT NULL,
  `verified_at` datetime(6) DEFAULT NULL,
  `checked_at` datetime(6) DEFAULT NULL,
  `last_error` varchar(500) DEFAULT NULL,
  PRIMARY KEY (`tenant_id`,`domain`),
  CONSTRAINT `fk_email_domain_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenant` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V41__imap_poll_state.sql
CREATE TABLE `imap_poll_state` (
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `failures` int(11) NOT NULL DEFAULT 0,
  `next_poll_at` datetime(6) DEFAULT NULL,
  `last_polled_at` datetime(6) NOT NULL,
  `last_success_at` datetime(6) DEFAULT NULL,
  `last_error` varchar(300) DEFAULT NULL,
  PRIMARY KEY (`channel_id`),
  CONSTRAINT `fk_imap_poll_state_channel` FOREIGN KEY (`channel_id`) REFERENCES `channel` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V47__post_variants.sql
CREATE TABLE `broadcast_assignment` (
  `publication_id` char(36) CHARACTER SET ascii NOT NULL,
  `contact_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `variant` int(11) NOT NULL,
  PRIMARY KEY (`publication_id`,`contact_id`),
  KEY `ix_broadcast_assignment_variant` (`publication_id`,`variant`),
  CONSTRAINT `fk_broadcast_assignment_publication` FOREIGN KEY (`publication_id`) REFERENCES `publication` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tables first created by V56__publishing_work.sql
CREATE TABLE `work_session_post_edit` (
  `work_session_id` char(36) CHARACTER SET ascii NOT NULL,
  `channel_id` char(36) CHARACTER SET ascii NOT NULL,
  `tenant_id` varchar(64) CHARACTER SET ascii NOT NULL,
  `edited_at` datetime(6) NOT NULL,
  PRIMARY KEY (`work_session_id`,`channel_id`),
  CONSTRAINT `fk_work_session_post_edit` FOREIGN KEY (`work_session_id`) REFERENCES `work_session` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Rows the migrations insert (V10): the reporting facts processor starts from the beginning.
INSERT INTO `reporting_watermark` (`processor`, `watermark`, `updated_at`)
VALUES ('reporting-facts', '1970-01-01 00:00:00.000000', '1970-01-01 00:00:00.000000');
