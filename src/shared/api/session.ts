/** The session API's response shape (zod), shared with the web app as a type (`z.infer`). */
import { z } from 'zod';

export const ROLES = ['veteran', 'care_team', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const sessionResponse = z.object({
  user: z
    .object({
      id: z.string(),
      role: z.enum(ROLES),
      displayName: z.string(),
    })
    .nullable(),
  csrfToken: z.string(),
  mockSignIn: z.boolean(),
});

export type SessionInfo = z.infer<typeof sessionResponse>;
