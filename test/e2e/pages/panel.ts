import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { ScriptedLlmServer } from '../../support/scripted-llm-server';
import { openSidePanel } from '../fixtures';

/** The side panel, driven the way a person would: by roles and accessible names. */
export class PanelPage {
  constructor(readonly page: Page) {}

  get composer() {
    return this.page.getByRole('textbox', { name: 'Message' });
  }
  get log() {
    return this.page.getByRole('log', { name: 'Conversation' });
  }
  assistantMessages() {
    return this.log.getByRole('article', { name: /said$/ }).filter({ hasNot: this.page.getByText(/^You$/) });
  }
  lastReply() {
    return this.log.locator('article.msg-assistant').last();
  }
  userMessages() {
    return this.log.getByRole('article', { name: 'You said' });
  }

  /** Connects the first-run screen (or the options page) to an OpenAI-compatible server. */
  async connectEndpoint(baseUrl: string, model?: string, apiKey?: string) {
    const form = this.page.getByRole('form', { name: 'Your own server' });
    await form.getByRole('textbox', { name: 'Server URL' }).fill(baseUrl);
    if (apiKey) await form.getByLabel('API key (optional)').fill(apiKey);
    await form.getByRole('button', { name: 'Connect' }).click();
    const select = form.getByRole('combobox', { name: 'Model' });
    await expect(select).toBeVisible();
    if (model) await select.selectOption(model);
    await form.getByRole('button', { name: 'Use this model' }).click();
  }

  async waitForEngine() {
    await expect(this.page.getByTestId('engine-ready')).toBeVisible();
    await expect(this.composer).toBeEnabled();
  }

  /** Types and sends a message; resolves once it is stored (the composer clears then). */
  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press('Enter');
    await expect(this.composer).toHaveValue('');
  }

  /**
   * Waits until no turn is running: the Stop button, shown from the moment the message is
   * stored until the reply is, is gone, and no reply is still marked busy.
   */
  async waitForIdle() {
    await expect(this.page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
    await expect(this.page.locator('article[aria-busy="true"]')).toHaveCount(0);
  }
}

/** Opens the side panel, connects it to the scripted endpoint and waits until it can chat. */
export async function openConnectedPanel(
  context: BrowserContext,
  extensionId: string,
  llm: Pick<ScriptedLlmServer, 'baseUrl'>,
  model = 'test-model',
): Promise<PanelPage> {
  const panel = new PanelPage(await openSidePanel(context, extensionId));
  await panel.connectEndpoint(llm.baseUrl, model);
  await panel.waitForEngine();
  return panel;
}
