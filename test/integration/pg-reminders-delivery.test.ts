// The reminders-delivery suite again, on the PostgreSQL store (bot-harness: STYREBOT_TEST_STORE).
process.env.STYREBOT_TEST_STORE = 'postgres';
await import('./reminders-delivery.test.js');
