import { useState, type FormEvent } from 'react';
import { ProblemSummary, TextField } from '../components/Field';
import { useAuth } from '../lib/auth';
import { useAction } from '../lib/useAction';

export function SignIn() {
  const { signIn } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, problem } = useAction(signIn);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(email, password);
  };

  const message =
    problem && problem.status === 401
      ? { ...problem, title: 'Wrong email or password', detail: undefined }
      : problem && problem.status === 429
        ? { ...problem, title: 'Too many attempts', detail: 'Wait a minute, then try again.' }
        : problem;

  return (
    <main className="signin">
      <form onSubmit={submit} className="card" aria-labelledby="signin-title">
        <h1 id="signin-title">Rota</h1>
        <p className="muted">Sign in to manage on-call rotations.</p>
        <ProblemSummary problem={message} />
        <TextField label="Email" type="email" autoComplete="username" required value={email} onChange={setEmail} autoFocus />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
