import type { Browser, Page } from '@playwright/test';
import { apiAs } from './api';
import { expect, signIn, test } from './fixtures';

/**
 * Issue 8 / seed 000: the Asset Transfer Manager. jana (German UI, sa_admin of
 * Kunde GmbH, Kunde GmbH Berlin and Client SARL) requests transfers through the
 * wizard and submits them with "Action"; the server's background job moves them
 * along. Luc (French UI) is the transferee for Client SARL. Only licenses of
 * C9300-DNA-A-5Y in Kunde GmbH / DEFAULT are moved; the demo's own transfers
 * (AT-…-000001, AT-…-000002) are only read.
 */

const PRODUCT = 'C9300-DNA-A-5Y';
const JANA = 'jana@kunde.example';
const LUC = 'luc@client.example';

interface Account {
  id: number;
  name: string;
}

interface EligibleLicense {
  id: number;
  product: string;
  transferable: number;
  virtual_account_name: string;
  eligible: boolean;
  reason?: string;
}

type JanaApi = Awaited<ReturnType<typeof apiAs>>;

async function getJson<T>(api: JanaApi, path: string, params?: Record<string, string>): Promise<T> {
  const res = await api.context.get(path, { params });
  expect(res.status(), `GET ${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

async function myAccount(api: JanaApi, name: string): Promise<Account> {
  const { items } = await getJson<{ items: Account[] }>(api, '/api/v1/smart-accounts', { mine: 'true' });
  const account = items.find((a) => a.name === name);
  expect(account, `jana is a member of ${name}`).toBeTruthy();
  return account!;
}

/** How many C9300-DNA-A-5Y licenses of Kunde GmbH / DEFAULT can be transferred now. */
async function transferable(api: JanaApi, sourceId: number): Promise<number> {
  const { licenses } = await getJson<{ licenses: EligibleLicense[] }>(api, '/api/v1/transfers/eligible-assets', {
    source_smart_account_id: String(sourceId),
  });
  return licenses
    .filter((l) => l.product === PRODUCT && l.virtual_account_name === 'DEFAULT' && l.eligible)
    .reduce((sum, l) => sum + l.transferable, 0);
}

/** Purchased C9300-DNA-A-5Y licenses in a Smart Account (its asset summary, as "Show Counts" shows it). */
async function purchased(api: JanaApi, accountId: number): Promise<number> {
  const summary = await getJson<{ licenses: { product: string; purchased: number }[] }>(
    api,
    `/api/v1/smart-accounts/${accountId}/asset-summary`,
  );
  return summary.licenses.filter((l) => l.product === PRODUCT).reduce((sum, l) => sum + l.purchased, 0);
}

/**
 * The wizard in German, as in seed 000: source Kunde GmbH (searched by name,
 * with Show Counts), destination and DEFAULT, the legal-entity question,
 * `quantity` C9300-DNA-A-5Y licenses, the request form, "Submit for Review".
 * Returns the new Transaction ID.
 */
async function requestTransfer(
  page: Page,
  options: { destination: string; sameLegalEntity: boolean; transferee?: string; quantity: number },
): Promise<string> {
  await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Asset-Transfers' }).click();
  await expect(page.getByRole('heading', { name: 'Asset-Transfer-Manager', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Asset-Transfer anfordern' }).click();
  await expect(page.getByRole('heading', { name: 'Asset-Transfer anfordern', level: 1 })).toBeVisible();

  // Step 1: the source Smart Account, searched by name; its counts beside the results.
  await expect(page.getByRole('heading', { name: 'Quell-Smart-Account', level: 2 })).toBeVisible();
  const search = page.getByRole('search', { name: 'Smart Accounts suchen' });
  await expect(search.getByRole('combobox', { name: 'Suchen nach' })).toHaveValue('name');
  await search.getByRole('searchbox', { name: 'Suchbegriff' }).fill('Kunde GmbH');
  await search.getByRole('button', { name: 'Suchen' }).click();
  const results = page.getByRole('table', { name: 'Smart Accounts zu „Kunde GmbH“' });
  const kundeRow = results.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Kunde GmbH', exact: true }) });
  await kundeRow.getByRole('button', { name: 'Anzahl anzeigen' }).click();
  const panel = page.getByRole('complementary', { name: 'Asset-Übersicht: Kunde GmbH' });
  await expect(panel.getByRole('rowheader', { name: PRODUCT, exact: true })).toBeVisible();
  await page.getByRole('radio', { name: 'Kunde GmbH', exact: true }).check();
  await page.getByRole('button', { name: 'Weiter' }).click();

  // Step 2: destination from jana's own Smart Accounts, Virtual Account DEFAULT.
  await expect(page.getByRole('heading', { name: 'Ziel-Smart-Account und Virtual Account', level: 2 })).toBeVisible();
  await page.getByRole('radio', { name: options.destination, exact: true }).check();
  const va = page.getByRole('combobox', { name: 'Virtual Account' });
  await expect(va.getByRole('option', { name: 'DEFAULT', exact: true })).toHaveCount(1);
  await va.selectOption({ label: 'DEFAULT' });
  await page.getByRole('button', { name: 'Weiter' }).click();

  // Step 3: the compliance screening question.
  await expect(page.getByRole('heading', { name: 'Fragen zur Compliance-Prüfung', level: 2 })).toBeVisible();
  const question = page.getByRole('group', { name: 'Werden die Assets an dieselbe juristische Person übertragen?' });
  const transferee = page.getByRole('textbox', { name: 'Empfänger auswählen' });
  if (options.sameLegalEntity) {
    await question.getByRole('radio', { name: /^Ja/ }).check();
    await expect(transferee).toHaveCount(0);
  } else {
    await question.getByRole('radio', { name: /^Nein/ }).check();
    await page.getByRole('checkbox', { name: 'Ich bestätige, dass die Assets an eine andere juristische Person übertragen werden.' }).check();
    await transferee.fill(options.transferee!);
  }
  await page.getByRole('button', { name: 'Weiter' }).click();

  // Step 4: the assets; Enterprise Agreement licenses and on-prem devices cannot be chosen.
  await expect(page.getByRole('heading', { name: 'Assets auswählen', level: 2 })).toBeVisible();
  const licenses = page.getByRole('table', { name: 'Lizenzen' });
  const ea = licenses.getByRole('row').filter({ hasText: 'EA-DNA-SUITE' }).first();
  await expect(ea.getByRole('checkbox')).toBeDisabled();
  await expect(ea).toContainText('Im Rahmen eines Enterprise Agreements gekauft');
  const onPrem = page.getByRole('table', { name: 'Geräte' }).getByRole('row').filter({ hasText: 'Vor-Ort-Bereitstellung (On-Premises)' });
  await expect(onPrem.first().getByRole('checkbox')).toBeDisabled();
  await page.getByRole('checkbox', { name: `${PRODUCT} aus DEFAULT übertragen`, disabled: false }).first().check();
  // Only the chosen lot's quantity is editable; it starts at everything transferable.
  const quantity = page.getByRole('spinbutton', { name: `Menge von ${PRODUCT} aus DEFAULT`, disabled: false });
  await expect(quantity).toHaveCount(1);
  await quantity.fill(String(options.quantity));
  await page.getByRole('button', { name: 'Weiter' }).click();

  // Step 5: the request form.
  await expect(page.getByRole('heading', { name: 'Antragsformular für den Asset-Transfer', level: 2 })).toBeVisible();
  await page.getByRole('textbox', { name: 'Geschäftliche Begründung' }).fill('Umzug der Lizenzen (E2E)');
  await expect(page.getByRole('textbox', { name: 'Name des Antragstellers' })).not.toHaveValue('');
  await page.getByRole('textbox', { name: 'Telefon' }).fill('+49 30 1234567');
  await page.getByRole('textbox', { name: 'Firma' }).fill('Kunde GmbH');
  await page.getByRole('checkbox', { name: 'Ich akzeptiere die Geschäftsbedingungen' }).check();
  await page.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();

  await expect(page).toHaveURL(/\/transfers\/AT-\d{4}-\d{6}$/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('heading', { name: `Transaktion ${id}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Transaktions-ID: ${id}` })).toBeVisible();
  return id;
}

/** In the list, waits for Pending Submission, then "Action" → "Submit". */
async function submitWithAction(page: Page, id: string): Promise<void> {
  await page.getByRole('link', { name: 'Asset-Transfer-Manager' }).click();
  const row = page.getByRole('table', { name: 'Von Ihnen angeforderte Transfers' }).getByRole('row', { name: new RegExp(id) });
  await expect(row).toContainText('Einreichung ausstehend', { timeout: 20_000 });
  await row.getByRole('button', { name: 'Aktion' }).click();
  const dialog = page.getByRole('dialog', { name: `Transaktion ${id} einreichen` });
  await dialog.getByRole('button', { name: 'Einreichen' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `Transaktion ${id} wurde eingereicht.` })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Aktion' })).toHaveCount(0);
}

async function signedInElsewhere(browser: Browser, email: string, locale: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test.describe('seed 000: the Asset Transfer Manager', () => {
  test('same legal entity: jana moves 5 licenses to Kunde GmbH Berlin, submits with Action, and the transfer completes', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const api = await apiAs(JANA);
    try {
      const kunde = await myAccount(api, 'Kunde GmbH');
      const berlin = await myAccount(api, 'Kunde GmbH Berlin');
      const before = await purchased(api, berlin.id);

      await signIn(page, JANA);
      const id = await requestTransfer(page, { destination: 'Kunde GmbH Berlin', sameLegalEntity: true, quantity: 5 });
      await submitWithAction(page, id);

      // The background job screens and moves it; the transaction page follows by itself.
      await page.getByRole('link', { name: id, exact: true }).click();
      await expect(page.getByRole('heading', { name: `Transaktion ${id}`, level: 1 })).toBeVisible();
      await expect(page.locator('.title-row')).toContainText('Transfer abgeschlossen', { timeout: 30_000 });
      const asset = page.getByRole('table', { name: 'Assets dieser Transaktion' }).getByRole('row', { name: new RegExp(PRODUCT) });
      await expect(asset).toContainText('Übertragen');
      await expect(asset).toContainText('5');
      const history = page.getByRole('table', { name: 'Statusänderungen dieser Transaktion' });
      for (const status of ['Validierung gestartet', 'Einreichung ausstehend', 'Eingereicht', 'Transfer abgeschlossen']) {
        await expect(history.getByRole('cell', { name: status, exact: true }).first()).toBeVisible();
      }

      // Kunde GmbH Berlin now holds the 5 licenses (its asset summary, as "Show Counts" shows it).
      expect(await purchased(api, berlin.id)).toBe(before + 5);
      expect(kunde.id).not.toBe(berlin.id);
    } finally {
      await api.dispose();
    }
  });

  test('different legal entity: Luc, the transferee, rejects; the transfer is cancelled and the licenses are back', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const api = await apiAs(JANA);
    try {
      const kunde = await myAccount(api, 'Kunde GmbH');
      const before = await transferable(api, kunde.id);
      expect(before).toBeGreaterThanOrEqual(3);

      await signIn(page, JANA);
      const id = await requestTransfer(page, {
        destination: 'Client SARL',
        sameLegalEntity: false,
        transferee: LUC,
        quantity: 3,
      });
      // Reserved for the open transfer at once.
      expect(await transferable(api, kunde.id)).toBeLessThan(before);
      await submitWithAction(page, id);
      const row = page.getByRole('table', { name: 'Von Ihnen angeforderte Transfers' }).getByRole('row', { name: new RegExp(id) });
      await expect(row).toContainText('Eingereicht – Wartet auf Zustimmung des Empfängers', { timeout: 20_000 });

      // Luc (French UI) finds it among the transfers awaiting his consent and rejects it.
      const luc = await signedInElsewhere(browser, LUC, 'fr-FR');
      try {
        await luc.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: "Transferts d'actifs" }).click();
        await expect(luc.getByRole('heading', { name: "Gestionnaire de transferts d'actifs", level: 1 })).toBeVisible();
        await luc.getByRole('tab', { name: 'En attente de mon consentement' }).click();
        const lucRow = luc
          .getByRole('table', { name: 'Transferts en attente de votre consentement' })
          .getByRole('row', { name: new RegExp(id) });
        await expect(lucRow).toContainText('Soumis – En attente du consentement du cessionnaire');
        await lucRow.getByRole('link', { name: id, exact: true }).click();
        await expect(luc.getByRole('heading', { name: `Transaction ${id}`, level: 1 })).toBeVisible();
        const consent = luc.getByRole('form', { name: 'Consentement du cessionnaire' });
        await consent.getByRole('textbox', { name: 'Commentaire' }).fill('Nous ne reprenons pas ces licences.');
        await consent.getByRole('button', { name: 'Rejeter' }).click();
        await expect(luc.getByRole('status').filter({ hasText: `Vous avez rejeté la transaction ${id}.` })).toBeVisible();
        await expect(luc.locator('.title-row')).toContainText('Annulé');
        await expect(consent).toHaveCount(0);
        await expect(
          luc.getByRole('table', { name: 'Changements d\'état de cette transaction' }).getByText('Nous ne reprenons pas ces licences.'),
        ).toBeVisible();
      } finally {
        await luc.context().close();
      }

      // jana sees it cancelled, and the 3 licenses are transferable again in Kunde GmbH.
      await page.getByRole('link', { name: id, exact: true }).click();
      await expect(page.locator('.title-row')).toContainText('Storniert');
      await expect
        .poll(() => transferable(api, kunde.id), { message: 'the licenses are released', timeout: 10_000 })
        .toBe(before);
    } finally {
      await api.dispose();
    }
  });

  test('different legal entity approved: Luc consents, the compliance officer approves from the queue, the transfer completes', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, JANA);
    const id = await requestTransfer(page, {
      destination: 'Client SARL',
      sameLegalEntity: false,
      transferee: LUC,
      quantity: 2,
    });
    await submitWithAction(page, id);
    const row = page.getByRole('table', { name: 'Von Ihnen angeforderte Transfers' }).getByRole('row', { name: new RegExp(id) });
    await expect(row).toContainText('Eingereicht – Wartet auf Zustimmung des Empfängers', { timeout: 20_000 });

    const luc = await signedInElsewhere(browser, LUC, 'fr-FR');
    try {
      await luc.goto(`/transfers/${id}`);
      const consent = luc.getByRole('form', { name: 'Consentement du cessionnaire' });
      await consent.getByRole('textbox', { name: 'Commentaire' }).fill('Bienvenue.');
      await consent.getByRole('button', { name: 'Approuver' }).click();
      await expect(luc.getByRole('status').filter({ hasText: `Vous avez approuvé la transaction ${id}.` })).toBeVisible();
      await expect(luc.locator('.title-row')).toContainText('Contrôle de conformité');
    } finally {
      await luc.context().close();
    }

    // The compliance officer (French UI) finds it in the screening queue and approves it.
    const officer = await signedInElsewhere(browser, 'compliance@vendor.example', 'fr-FR');
    try {
      await officer.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Conformité' }).click();
      const queue = officer.getByRole('table', { name: 'Transferts en attente de contrôle de conformité' });
      await queue.getByRole('link', { name: id, exact: true }).click();
      const screening = officer.getByRole('form', { name: 'Contrôle de conformité' });
      await screening.getByRole('button', { name: 'Rejeter' }).click();
      await expect(screening.getByText('Indiquez le motif du rejet du transfert.')).toBeVisible();
      await screening.getByRole('button', { name: 'Approuver' }).click();
      await expect(officer.getByRole('status').filter({ hasText: `La transaction ${id} a passé le contrôle de conformité.` })).toBeVisible();
      await expect(officer.locator('.title-row')).toContainText('Transfert terminé', { timeout: 30_000 });
    } finally {
      await officer.context().close();
    }

    await page.getByRole('link', { name: id, exact: true }).click();
    await expect(page.locator('.title-row')).toContainText('Transfer abgeschlossen', { timeout: 30_000 });
  });
});
