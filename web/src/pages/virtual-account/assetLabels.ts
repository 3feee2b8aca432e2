import { useTranslation } from 'react-i18next';

/** Localized names of the values of licenses, devices and tokens; unknown values shown as sent. */
export function useAssetLabels() {
  const { t } = useTranslation();
  return {
    licenseType: (v: string) => (v === 'perpetual' || v === 'term' ? t(`vaPage.licenseType.${v}`) : v),
    buyingModel: (v: string) =>
      v === 'transactional' || v === 'enterprise_agreement' ? t(`vaPage.buyingModel.${v}`) : v,
    authorization: (v: string) =>
      v === 'authorized' || v === 'out_of_compliance' ? t(`vaPage.devices.authorization.${v}`) : v,
    deployment: (v: string) => (v === 'cloud' || v === 'on_prem' ? t(`vaPage.deployment.${v}`) : v),
    tokenStatus: (v: string) =>
      v === 'active' || v === 'expired' || v === 'revoked' || v === 'used_up' ? t(`vaPage.tokens.status.${v}`) : v,
  };
}
