export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __PUMPWATCH_TEST_DB__?: { stop(): Promise<void> } }).__PUMPWATCH_TEST_DB__;
  await db?.stop();
}
