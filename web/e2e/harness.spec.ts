// The harness itself, against the real API: what the Telegram simulation hands the app signs in,
// and so does what the injected polkadot.js extension signs — both exactly as the app would send
// them — so a failing flow is about the app, not about its fake surroundings.
import { expect, test } from './fixtures/test';
import { initData } from './fixtures/telegram';
import { devWallet, signRaw } from './fixtures/wallet';

test('Telegram initData with the user language signs in', async ({ request, lang }) => {
  const id = 6_000_000_000 + Math.floor(Math.random() * 1_000_000);
  const data = initData(id, lang);
  expect(JSON.parse(new URLSearchParams(data).get('user') ?? '{}')).toMatchObject({ id, language_code: lang });
  const signIn = await request.post('/v1/auth/telegram', { data: { init_data: data } });
  expect(signIn.status(), await signIn.text()).toBe(200);
  const { token, created } = await signIn.json();
  expect(created).toBe(true);
  const me = await request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
});

test('the extension stub signs a wallet challenge as polkadot.js signRaw does', async ({ request }) => {
  const alice = devWallet('//Alice');
  const challenge = await request.post('/v1/auth/wallet/challenge', { data: { address: alice.address } });
  expect(challenge.status(), await challenge.text()).toBe(201);
  const { nonce, message } = await challenge.json();
  // What a dapp passes to signRaw: the message as hex bytes (stringToHex).
  const hex = `0x${Buffer.from(message, 'utf8').toString('hex')}`;
  const signature = signRaw(alice, hex);
  expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
  const signIn = await request.post('/v1/auth/wallet', { data: { address: alice.address, nonce, signature } });
  expect(signIn.status(), await signIn.text()).toBe(200);

});

test('a wallet user page has the extension and its signature verifies', async ({ walletUser, request }) => {
  const { page, wallet } = await walletUser({ path: '/health' });
  const challenge = await request.post('/v1/auth/wallet/challenge', { data: { address: wallet!.address } });
  const { nonce, message } = await challenge.json();
  const signature = await page.evaluate(
    async ({ address, message }) => {
      const injected = (window as unknown as { injectedWeb3: Record<string, { enable: (o: string) => Promise<unknown> }> })
        .injectedWeb3;
      const ext = (await injected['polkadot-js']!.enable('iktomi')) as {
        signer: { signRaw: (p: { address: string; data: string; type: string }) => Promise<{ signature: string }> };
      };
      const hex = `0x${Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('')}`;
      return (await ext.signer.signRaw({ address, data: hex, type: 'bytes' })).signature;
    },
    { address: wallet!.address, message },
  );
  const signIn = await request.post('/v1/auth/wallet', { data: { address: wallet!.address, nonce, signature } });
  expect(signIn.status(), await signIn.text()).toBe(200);
});
