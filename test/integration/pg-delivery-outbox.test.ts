// The outbox suite against the fake connector again, on the PostgreSQL store (STYREBOT_TEST_STORE).
process.env.STYREBOT_TEST_STORE = 'postgres';
await import('./delivery-outbox.test.js');
