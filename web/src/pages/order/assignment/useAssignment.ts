import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap, isApiError } from '../../../api/errors';
import { smartAccountQueries } from '../../../api/queries';
import type { AssignmentRequest, Id, Me, Order, SearchBy, SmartAccountSummary } from '../../../api/types';
import { useApi } from '../../../components/ApiContext';
import { hasFlag } from '../../../components/SessionProvider';

export type Kind = 'customer' | 'holding';
export const KINDS: readonly Kind[] = ['customer', 'holding'];
export const SEARCH_BY: readonly SearchBy[] = ['domain', 'name', 'email'];
/** Smart Accounts an order may be assigned to; a pending one keeps the hold. */
export const ASSIGNABLE = new Set(['active', 'pending']);
/** The request's fields that the first step of the dialog shows. */
const CHOOSE_FIELDS = ['smart_account_id', 'virtual_account_id', 'line_numbers', 'case_number'];

export interface AssignmentStart {
  /** The line whose pencil was used; undefined for "Assign Smart Account". */
  lineNumber?: number;
}

function isChooseField(field: string) {
  return CHOOSE_FIELDS.some((f) => field === f || field.startsWith(`${f}[`) || field.startsWith(`${f}.`));
}

/** The lines an assignment starts with: every Smart-enabled line, or the edited line and the lines assigned like it. */
function initialLines(order: Order, start: AssignmentStart): number[] {
  const smart = order.lines.filter((l) => l.smart_enabled);
  if (start.lineNumber === undefined) return smart.map((l) => l.line_number);
  const edited = order.lines.find((l) => l.line_number === start.lineNumber);
  if (!edited) return [start.lineNumber];
  const same = (a: { id: Id } | null, b: { id: Id } | null) => String(a?.id ?? '') === String(b?.id ?? '');
  return smart
    .filter(
      (l) =>
        l.line_number === edited.line_number ||
        (edited.smart_account && same(l.smart_account, edited.smart_account) && same(l.virtual_account, edited.virtual_account)),
    )
    .map((l) => l.line_number);
}

/**
 * The state of the assignment dialog: the search, the chosen Smart Account,
 * Virtual Account and lines, the terms, the request and its errors; the
 * dialog's steps render it.
 */
export function useAssignment({
  order,
  me,
  start,
  onSaved,
}: {
  order: Order;
  me: Me | undefined;
  start: AssignmentStart;
  onSaved: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const support = hasFlag(me, 'licensing_support');
  const edited = order.lines.find((l) => l.line_number === start.lineNumber);

  const [step, setStep] = useState<'choose' | 'review'>('choose');
  const [kind, setKind] = useState<Kind>(edited?.smart_account?.kind === 'holding' ? 'holding' : 'customer');
  const [by, setBy] = useState<SearchBy>('domain');
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState<{ by: SearchBy; q: string } | null>(null);
  const [chosen, setChosen] = useState<SmartAccountSummary | null>(null);
  const [vaId, setVaId] = useState('');
  const [lines, setLines] = useState<number[]>(() => initialLines(order, start));
  const [caseNumber, setCaseNumber] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});

  const results = useQuery(smartAccountQueries.search(api, search));
  const shown = (results.data?.items ?? []).filter((a) => a.kind === kind);

  const vas = useQuery(smartAccountQueries.assignableVirtualAccounts(api, chosen?.id ?? null));
  const vaItems = vas.data?.items ?? [];

  // A new Smart Account starts with its current Virtual Account (editing) or DEFAULT.
  useEffect(() => {
    if (!chosen || vaId || vaItems.length === 0) return;
    const current =
      edited?.smart_account && String(edited.smart_account.id) === String(chosen.id) ? edited.virtual_account : null;
    const preferred =
      vaItems.find((v) => current && String(v.id) === String(current.id)) ?? vaItems.find((v) => v.name === 'DEFAULT');
    if (preferred) setVaId(String(preferred.id));
  }, [chosen, vaId, vaItems, edited]);

  const mutation = useMutation({
    mutationFn: (input: AssignmentRequest) => api.assignOrder(order.sales_order_number, input),
    onSuccess: (updated) => {
      setConfirming(false);
      onSaved(updated);
    },
    onError: (error) => {
      setConfirming(false);
      if (!isApiError(error)) return;
      const onFirstStep =
        error.fieldErrors.some((fe) => isChooseField(fe.field)) ||
        error.code === 'smart_account_not_assignable' ||
        error.code === 'case_number_required';
      if (onFirstStep) setStep('choose');
    },
  });

  const server = fieldErrorMap(mutation.error);
  // `line_numbers[i]` names the i-th line of the request: say which line it is.
  const sent = mutation.variables?.line_numbers ?? [];
  const lineErrors = Object.entries(server)
    .filter(([field]) => field === 'line_numbers' || field.startsWith('line_numbers['))
    .map(([field, message]) => {
      const index = /^line_numbers\[(\d+)\]/.exec(field)?.[1];
      const line = index !== undefined ? sent[Number(index)] : undefined;
      return line !== undefined ? t('assign.lineError', { line, message }) : message;
    });
  const errors: Record<string, string | undefined> = {
    ...server,
    ...(isApiError(mutation.error) && mutation.error.code === 'case_number_required' && support
      ? { case_number: mutation.error.problem?.detail ?? t('form.required') }
      : {}),
    ...local,
  };
  const shownFields = [
    ...Object.keys(server).filter((f) => isChooseField(f) || f === 'accept_terms'),
  ];

  const onSelectKind = (next: Kind) => {
    setKind(next);
    if (chosen && chosen.kind !== next) {
      setChosen(null);
      setVaId('');
    }
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const q = draft.trim();
    if (!q) {
      setLocal({ q: t('assign.queryRequired') });
      return;
    }
    setLocal({});
    setChosen(null);
    setVaId('');
    setSearch({ by, q });
  };

  const choose = (account: SmartAccountSummary) => {
    if (chosen && String(chosen.id) === String(account.id)) return;
    setChosen(account);
    setVaId('');
    setLocal((l) => ({ ...l, smart_account_id: '' }));
  };

  const toggleLine = (line: number, checked: boolean) =>
    setLines((current) => (checked ? [...current, line] : current.filter((l) => l !== line)));

  const onAssign = () => {
    const missing: Record<string, string> = {};
    if (!chosen) missing.smart_account_id = t('assign.chooseAccount');
    else if (!vaId) missing.virtual_account_id = t('assign.virtualAccountRequired');
    if (lines.length === 0) missing.line_numbers = t('assign.linesRequired');
    if (support && !caseNumber.trim()) missing.case_number = t('form.required');
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    mutation.reset();
    setStep('review');
  };

  const onSubmit = () => {
    if (!accepted) {
      setLocal({ accept_terms: t('assign.termsRequired') });
      return;
    }
    setLocal({});
    setConfirming(true);
  };

  const va = vaItems.find((v) => String(v.id) === vaId);
  const sortedLines = [...lines].sort((a, b) => a - b);
  const smartLines = order.lines.filter((l) => l.smart_enabled);
  const errorId = (name: string) => `${id}-${name}-error`;

  return {
    id,
    support,
    step,
    setStep,
    kind,
    onSelectKind,
    by,
    setBy,
    draft,
    setDraft,
    search,
    onSearch,
    results,
    shown,
    chosen,
    choose,
    vas,
    vaItems,
    vaId,
    setVaId,
    va,
    lines,
    toggleLine,
    sortedLines,
    smartLines,
    lineErrors,
    caseNumber,
    setCaseNumber,
    accepted,
    setAccepted,
    confirming,
    setConfirming,
    setLocal,
    errors,
    errorId,
    shownFields,
    mutation,
    onAssign,
    onSubmit,
  };
}

export type AssignmentForm = ReturnType<typeof useAssignment>;
