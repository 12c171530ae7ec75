// Who signs a statement: the custodial wallet (the API signs), or an external wallet through the
// extension, which signs the exact message the API gives for the statement.
import { useTranslation } from 'react-i18next';
import { SelectField } from '@/components/Field';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';

export type Signer = 'custodial' | 'external';

export function SignerSelect({ value, onChange }: { value: Signer; onChange: (s: Signer) => void }) {
  const { t } = useTranslation('recommendations');
  return (
    <SelectField label={t('signer.label')} value={value} onChange={(e) => onChange(e.target.value as Signer)}>
      <option value="custodial">{t('signer.custodial')}</option>
      <option value="external">{t('signer.external')}</option>
    </SelectField>
  );
}

/** With an external signer: the API's message for the statement, signed by the first account
 *  the extension offers that is bound to this person (the API checks it). */
export async function externalSignature(draft: components['schemas']['RecommendationDraft']): Promise<components['schemas']['ExternalSignature']> {
  const { message } = unwrap(await api.POST('/v1/recommendations/message', { body: draft }));
  const wallet = await import('@/auth/wallet');
  const bound = unwrap(await api.GET('/v1/me/wallets')).map((w) => w.address);
  const accounts = await wallet.walletAccounts();
  const account = accounts.find((a) => bound.includes(a.address)) ?? accounts[0];
  if (!account) throw new Error('no account');
  return wallet.signMessage(account, message);
}
