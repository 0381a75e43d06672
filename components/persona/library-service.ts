/*
 * The persona library's service, as the components see it: built in
 * lib/companion/persona-library.ts over the persona service and the card code.
 */
export type {
  CardImportOutcome,
  EmotionImageView,
  PersonaLibraryService,
  UserPersonaView,
} from '../../lib/companion/persona-library';
