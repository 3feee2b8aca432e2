import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../../api/errors';
import { smartAccountQueries, transferChanged, transferQueries } from '../../api/queries';
import type { CreateTransferRequest, EligibleDevice, EligibleLicense, SmartAccountSummary } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { useMe } from '../../components/SessionProvider';
import { transferPath } from '../../components/transferLabels';
import { useMySmartAccounts } from '../SmartAccountsPage';
import { EMAIL, sameId, STEPS, stepOfField, type Step } from './wizard';

/**
 * The state of the transfer wizard: the step, the accounts, the compliance
 * answers, the chosen assets, the request form, the request and its errors;
 * the steps render it.
 */
export function useTransferWizard() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = useId();
  const { data: me } = useMe();
  const internal = me?.kind === 'internal';
  const mine = useMySmartAccounts();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const [step, setStep] = useState(0);
  const [source, setSource] = useState<SmartAccountSummary | null>(null);
  const [countsFor, setCountsFor] = useState<SmartAccountSummary | null>(null);
  const [destTab, setDestTab] = useState<'mine' | 'search'>('mine');
  const [dest, setDest] = useState<SmartAccountSummary | null>(null);
  const [vaId, setVaId] = useState('');
  const [same, setSame] = useState<'' | 'yes' | 'no'>('');
  const [confirmDifferent, setConfirmDifferent] = useState(false);
  const [transferee, setTransferee] = useState('');
  const [licenseQty, setLicenseQty] = useState<Record<string, string>>({});
  const [deviceIds, setDeviceIds] = useState<string[]>([]);
  const [form, setForm] = useState({ justification: '', name: '', phone: '', company: '', caseNumber: '' });
  const [accepted, setAccepted] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});

  useEffect(() => {
    if (me?.name) setForm((f) => (f.name ? f : { ...f, name: me.name }));
  }, [me?.name]);

  // Each step starts at its heading (keyboard and screen-reader users).
  useEffect(() => {
    if (!moved.current) {
      moved.current = true;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const vas = useQuery(smartAccountQueries.assignableVirtualAccounts(api, dest?.id ?? null));
  const vaItems = vas.data?.items ?? [];
  useEffect(() => {
    if (!dest || vaId || vaItems.length === 0) return;
    const preferred = vaItems.find((v) => v.name === 'DEFAULT') ?? (vaItems.length === 1 ? vaItems[0] : undefined);
    if (preferred) setVaId(String(preferred.id));
  }, [dest, vaId, vaItems]);

  const eligible = useQuery({
    ...transferQueries.eligibleAssets(api, source?.id ?? null),
    enabled: source !== null && step >= 3,
  });
  const licenses = eligible.data?.licenses ?? [];
  const devices = eligible.data?.devices ?? [];

  const mutation = useMutation({
    mutationFn: (input: CreateTransferRequest) => api.createTransfer(input),
    onSuccess: (created) => {
      transferChanged(queryClient);
      navigate(transferPath(created.id), { state: { created: created.id } });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      const steps = error.fieldErrors.map((fe) => stepOfField(fe.field)).filter((s) => s >= 0);
      if (steps.length > 0) setStep(Math.min(...steps));
    },
  });

  // Server field errors, with licenses[i] / devices[i] turned into the row they name.
  const server = fieldErrorMap(mutation.error);
  const sent = mutation.variables;
  const rowErrors: Record<string, string> = {};
  for (const [field, message] of Object.entries(server)) {
    const lic = /^licenses\[(\d+)\](?:\.(\w+))?$/.exec(field);
    if (lic && sent?.licenses[Number(lic[1])]) {
      const key = `license:${sent.licenses[Number(lic[1])].license_id}`;
      rowErrors[key] ??= message;
      continue;
    }
    const dev = /^devices\[(\d+)\]$/.exec(field);
    if (dev && sent?.devices[Number(dev[1])] !== undefined) rowErrors[`device:${sent.devices[Number(dev[1])]}`] ??= message;
  }
  const errors: Record<string, string | undefined> = { ...server, ...rowErrors, ...local };
  const shownFields = Object.keys(server).filter((f) => stepOfField(f) >= 0 && f !== 'requester');
  const errorId = (name: string) => `${id}-${name.replace(/[^\w-]/g, '_')}-error`;

  const chooseSource = (account: SmartAccountSummary) => {
    if (sameId(source?.id, account.id)) return;
    setSource(account);
    setLicenseQty({});
    setDeviceIds([]);
    if (sameId(dest?.id, account.id)) {
      setDest(null);
      setVaId('');
    }
    setLocal({});
  };
  const chooseDest = (account: SmartAccountSummary) => {
    if (sameId(dest?.id, account.id)) return;
    setDest(account);
    setVaId('');
    setLocal({});
  };

  const validate = (index: number): Record<string, string> => {
    const missing: Record<string, string> = {};
    const stepName: Step = STEPS[index];
    if (stepName === 'source' && !source) missing.source_smart_account_id = t('transferWizard.source.required');
    if (stepName === 'destination') {
      if (!dest) missing.destination_smart_account_id = t('transferWizard.destination.required');
      else if (!vaId) missing.destination_virtual_account_id = t('transferWizard.destination.vaRequired');
    }
    if (stepName === 'compliance') {
      if (!same) missing.same_legal_entity = t('transferWizard.compliance.answerRequired');
      if (same === 'no') {
        if (!confirmDifferent) missing.confirm_different = t('transferWizard.compliance.confirmRequired');
        if (!transferee.trim()) missing.transferee_email = t('form.required');
        else if (!EMAIL.test(transferee.trim())) missing.transferee_email = t('form.invalidEmail');
      }
    }
    if (stepName === 'assets') {
      const chosen = Object.keys(licenseQty).length + deviceIds.length;
      if (chosen === 0) missing.assets = t('transferWizard.assets.required');
      for (const l of licenses) {
        const q = licenseQty[String(l.id)];
        if (q === undefined) continue;
        const n = Number(q);
        if (!Number.isInteger(n) || n < 1 || n > l.transferable) {
          missing[`license:${l.id}`] = t('transferWizard.assets.quantityRange', { max: l.transferable });
        }
      }
    }
    if (stepName === 'form') {
      if (!form.justification.trim()) missing.justification = t('form.required');
      if (!form.name.trim()) missing['requester.name'] = t('form.required');
      if (!form.phone.trim()) missing['requester.phone'] = t('form.required');
      if (!form.company.trim()) missing['requester.company'] = t('form.required');
      if (!accepted) missing.accept_terms = t('transferWizard.form.termsRequired');
    }
    return missing;
  };

  const next = () => {
    const missing = validate(step);
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  };
  const back = () => {
    setLocal({});
    setStep((s) => Math.max(s - 1, 0));
  };

  const submit = () => {
    const missing = validate(4);
    setLocal(missing);
    if (Object.keys(missing).length > 0 || !source || !dest) return;
    const va = vaItems.find((v) => String(v.id) === vaId);
    const body: CreateTransferRequest = {
      source_smart_account_id: source.id,
      destination_smart_account_id: dest.id,
      destination_virtual_account_id: va?.id ?? vaId,
      same_legal_entity: same === 'yes',
      ...(same === 'no' ? { transferee_email: transferee.trim() } : {}),
      licenses: licenses
        .filter((l) => licenseQty[String(l.id)] !== undefined)
        .map((l) => ({ license_id: l.id, quantity: Number(licenseQty[String(l.id)]) })),
      devices: devices.filter((d) => deviceIds.includes(String(d.id))).map((d) => d.id),
      justification: form.justification.trim(),
      requester: { name: form.name.trim(), phone: form.phone.trim(), company: form.company.trim() },
      accept_terms: true,
      ...(internal && form.caseNumber.trim() ? { case_number: form.caseNumber.trim() } : {}),
    };
    mutation.mutate(body);
  };

  const toggleLicense = (l: EligibleLicense, checked: boolean) =>
    setLicenseQty((current) => {
      const copy = { ...current };
      if (checked) copy[String(l.id)] = String(l.transferable);
      else delete copy[String(l.id)];
      return copy;
    });
  const toggleDevice = (d: EligibleDevice, checked: boolean) =>
    setDeviceIds((current) => (checked ? [...current, String(d.id)] : current.filter((x) => x !== String(d.id))));

  const stepTitle = (index: number) => t(`transferWizard.steps.${STEPS[index]}`);
  const setField = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const vaName = vaItems.find((v) => String(v.id) === vaId)?.name ?? '';
  const myAccounts = (mine.data?.items ?? []).filter((a) => !sameId(a.id, source?.id));

  return {
    id,
    internal,
    mine,
    headingRef,
    step,
    source,
    countsFor,
    setCountsFor,
    destTab,
    setDestTab,
    dest,
    vaId,
    setVaId,
    same,
    setSame,
    confirmDifferent,
    setConfirmDifferent,
    transferee,
    setTransferee,
    licenseQty,
    setLicenseQty,
    deviceIds,
    form,
    accepted,
    setAccepted,
    vas,
    vaItems,
    eligible,
    licenses,
    devices,
    mutation,
    errors,
    shownFields,
    errorId,
    chooseSource,
    chooseDest,
    next,
    back,
    submit,
    toggleLicense,
    toggleDevice,
    stepTitle,
    setField,
    vaName,
    myAccounts,
  };
}

export type TransferWizard = ReturnType<typeof useTransferWizard>;
