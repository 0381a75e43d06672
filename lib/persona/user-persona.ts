import { z } from 'zod';

/** Who `{{user}}` is: the name and short description the companion knows the user by. */
export const UserPersona = z.object({
  name: z.string().trim().min(1, 'The user persona needs a name.').max(80),
  description: z.string().max(2_000),
});
export type UserPersona = z.infer<typeof UserPersona>;

/** The user persona of a fresh install. */
export const DEFAULT_USER_PERSONA: UserPersona = { name: 'User', description: '' };
