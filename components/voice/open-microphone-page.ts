import { browser } from 'wxt/browser';

/** Opens the page that asks for the microphone once (the side panel cannot show the prompt). */
export function openMicrophonePage(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL('/microphone.html') });
}
