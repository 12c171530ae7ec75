// RFC 9457 problems from the API, turned into something a person can read: the slug of `type`
// picks a translation (`problems:<slug>`), field errors are kept per field for the form that sent
// them, and the API's own title/detail is the fallback for a slug this build does not know.
import type { components } from '@/api/schema';
import i18n from '@/i18n';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

const TYPE_BASE = 'https://iktomi.dev/problems/';

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).type === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

/** `handle-taken` from `https://iktomi.dev/problems/handle-taken`. */
export function problemSlug(value: unknown): string | undefined {
  if (!isProblem(value)) return undefined;
  const type = String(value.type);
  return type.startsWith(TYPE_BASE) ? type.slice(TYPE_BASE.length) : type.split('/').pop();
}

/** An error thrown by the API layer: the problem body when there was one. */
export class ApiProblem extends Error {
  readonly problem: Problem | undefined;
  readonly status: number;

  constructor(status: number, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
  }

  get slug(): string | undefined {
    return problemSlug(this.problem);
  }

  /** The message for `field` (a JSON path such as `skills[2].level`), if the API named it. */
  fieldError(field: string): string | undefined {
    return this.problem?.errors?.find((e) => e.field === field)?.message;
  }
}

/** Throws an ApiProblem for an openapi-fetch result that failed; returns its data otherwise. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiProblem(result.response.status, result.error);
  }
  return result.data as T;
}

/** The translated message for any error a screen caught. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiProblem) {
    const slug = error.slug;
    if (slug && i18n.exists(`problems:${slug}`)) return i18n.t(`problems:${slug}`);
    return error.problem?.detail ?? error.problem?.title ?? i18n.t('problems:network');
  }
  if (error instanceof TypeError) return i18n.t('problems:network');
  return i18n.t('problems:unknown');
}
