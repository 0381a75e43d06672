import type { Settings } from '../settings/schema';
import { normalizeBaseUrl } from '../llm/openai-compatible';

/*
 * Where Hearth sends conversations is the one setting a backup must not change behind the
 * user's back: an imported file once repointed the endpoint to another server, and the next
 * message went there. Such a change is applied only when the user confirmed it, naming the
 * new server; otherwise the imported settings keep this browser's engine.
 */

/** A change of where conversations go, both ends in words. */
export interface EndpointChange {
  from: string;
  to: string;
}

function address(settings: Settings): string {
  const raw = settings.engine.openai.baseUrl.trim();
  try {
    return normalizeBaseUrl(raw);
  } catch {
    return raw;
  }
}

/** Where these settings send conversations, in words: "the server at https://…/v1". */
export function describeDestination(settings: Settings): string {
  switch (settings.engine.active) {
    case 'openai':
      return `the server at ${address(settings) || '(no address)'}`;
    case 'webllm':
      return 'the model on this device';
    case 'chrome':
      return 'Chrome’s built-in model on this device';
    default:
      return 'no engine yet';
  }
}

/**
 * The change of destination importing `imported` over `current` would make, or null. The
 * server address counts even while another engine is active: switching engines later would
 * otherwise start sending to the file's server.
 */
export function endpointChange(imported: Settings, current: Settings): EndpointChange | null {
  const sameEngine = imported.engine.active === current.engine.active;
  const sameAddress = address(imported) === address(current);
  if (sameEngine && sameAddress) return null;
  const to =
    imported.engine.active === 'openai' || sameEngine
      ? `the server at ${address(imported) || '(no address)'}`
      : `${describeDestination(imported)} (server address ${address(imported) || 'none'})`;
  return { from: describeDestination(current), to };
}

/**
 * Imported settings with this browser's endpoint key kept: files carry no key (see
 * redactSettings), and the local one is kept only for the same endpoint address, so a key
 * is never sent to a server it was not typed for.
 */
export function keepLocalSecrets(imported: Settings, current: Settings): Settings {
  const openai = imported.engine.openai;
  if (openai.apiKey || openai.baseUrl !== current.engine.openai.baseUrl) return imported;
  return {
    ...imported,
    engine: { ...imported.engine, openai: { ...openai, apiKey: current.engine.openai.apiKey } },
  };
}

/**
 * The settings to store after an import: the file's, with this browser's engine (which
 * engine, which server, which model, its key) unless `allowEndpointChange` says the user
 * confirmed the new destination.
 */
export function applyImportedSettings(
  imported: Settings,
  current: Settings,
  allowEndpointChange: boolean,
): Settings {
  if (allowEndpointChange || !endpointChange(imported, current)) return keepLocalSecrets(imported, current);
  return { ...imported, engine: current.engine };
}
