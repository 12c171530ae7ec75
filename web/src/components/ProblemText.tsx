// A failed action's translated problem, announced to screen readers.
import { problemMessage } from '@/api/problem';

export function ProblemText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="problem">
      {problemMessage(error)}
    </p>
  );
}
