// Wallet sign-in and binding through a browser extension (Polkadot.js, Talisman, SubWallet).
// The extension library is loaded only when asked for, so it stays out of the initial bundle.
//
// The API's challenge (api/src/auth/wallet.rs) is a Sign-In with Substrate text; it accepts the
// sr25519 signature of the text as is, or wrapped in `<Bytes>…</Bytes>` — which is what
// `signRaw({type: 'bytes'})` signs in these extensions, so the message is passed as hex of its UTF-8.
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import { remember, type SignedIn } from '@/auth/signIn';

export type WalletAccount = Awaited<ReturnType<typeof import('@polkadot/extension-dapp').web3Accounts>>[number];

/** A problem of our own (no extension, no account, refused) in the API's problem shape. */
function localProblem(slug: string): ApiProblem {
  return new ApiProblem(0, { type: `https://iktomi.dev/problems/${slug}`, title: slug, status: 0 });
}

function toHex(text: string): `0x${string}` {
  const bytes = new TextEncoder().encode(text);
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function walletAccounts(): Promise<WalletAccount[]> {
  const { web3Enable, web3Accounts } = await import('@polkadot/extension-dapp');
  const extensions = await web3Enable('Iktomi');
  if (extensions.length === 0) throw localProblem('wallet-no-extension');
  const accounts = await web3Accounts();
  if (accounts.length === 0) throw localProblem('wallet-no-accounts');
  return accounts;
}

async function sign(account: WalletAccount, message: string): Promise<string> {
  const { web3FromSource } = await import('@polkadot/extension-dapp');
  const injected = await web3FromSource(account.meta.source);
  const signRaw = injected.signer.signRaw;
  if (!signRaw) throw localProblem('wallet-no-extension');
  try {
    const { signature } = await signRaw({ address: account.address, data: toHex(message), type: 'bytes' });
    return signature;
  } catch {
    throw localProblem('wallet-rejected');
  }
}

/** Signs in with the wallet; with `purpose: 'bind'` (needs a session) binds it to the account. */
export async function signWithWallet(account: WalletAccount, purpose: 'sign-in' | 'bind'): Promise<SignedIn | null> {
  const challenge = unwrap(
    await api.POST('/v1/auth/wallet/challenge', { body: { address: account.address, purpose } }),
  );
  const signature = await sign(account, challenge.message);
  const body = { address: account.address, nonce: challenge.nonce, signature };
  if (purpose === 'bind') {
    unwrap(await api.POST('/v1/me/wallets', { body }));
    return null;
  }
  return remember(unwrap(await api.POST('/v1/auth/wallet', { body })));
}

/** Signs `message` (e.g. a recommendation statement) with an extension account, for the API to check. */
export async function signMessage(account: WalletAccount, message: string): Promise<{ address: string; signature: string }> {
  return { address: account.address, signature: await sign(account, message) };
}
