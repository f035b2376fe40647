-- The tenant's weekly opening hours in its time zone (PUT /api/v1/settings/tenant/business-hours), as the JSON the
-- API shows: {"MONDAY": [{"open": "09:00", "close": "17:00"}], ...}, validated by BusinessHours before it is
-- stored. Null: always open. Response targets count only business time when they are set.
ALTER TABLE tenant
    ADD COLUMN business_hours TEXT NULL;
