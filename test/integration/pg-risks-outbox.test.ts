// The risks-outbox suite again, on the PostgreSQL store (bot-harness: STYREBOT_TEST_STORE).
process.env.STYREBOT_TEST_STORE = 'postgres';
await import('./risks-outbox.test.js');
