import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '../../common/errors/domain-error';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

/** The ~50,000 most common passwords bundled with zxcvbn-ts (leaked-password lists). */
const COMMON_PASSWORDS = new Set(dictionary['passwords-common']);
/** Words anyone would try first against this system. */
const SYSTEM_WORDS = ['pumpwatch', 'pump', 'watch', 'clinic', 'baclofen', 'intrathecal', 'itb', 'nurse', 'admin'];

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** zxcvbn-ts reports its warnings as keys (its wording ships in per-language packs): ours, in plain words. */
const WARNINGS: Record<string, string> = {
  straightRow: 'Rows of keys on the keyboard are easy to guess.',
  keyPattern: 'Short keyboard patterns are easy to guess.',
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "123" are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  dates: 'Dates are easy to guess.',
  topTen: 'This is among the ten most used passwords.',
  topHundred: 'This is among the hundred most used passwords.',
  common: 'This is a commonly used password.',
  similarToCommon: 'This is similar to a commonly used password.',
  wordByItself: 'A single word is easy to guess.',
  namesByThemselves: 'Names on their own are easy to guess.',
  commonNames: 'Common names are easy to guess.',
  userInputs: 'It contains your own details or words tied to this system.',
};

/** Who the password is for: their e-mail and name count as guessable words. */
export interface PasswordOwner {
  email?: string;
  name?: string;
}

/**
 * The password rule for accounts created or changed through the API or the CLI (the demo seed alone is exempt):
 * at least 12 characters, not on the common-password list, and zxcvbn score ≥ 3 with the user's own e-mail, name
 * and this system's words counted as guessable. A refusal is 400 PASSWORD_TOO_WEAK with zxcvbn's advice.
 */
export function assertStrongPassword(password: string, owner: PasswordOwner = {}): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw weak(`The password needs at least ${MIN_PASSWORD_LENGTH} characters`, []);
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw weak('This is one of the most common passwords: choose another', []);
  }
  const email = owner.email?.trim().toLowerCase() ?? '';
  // the whole e-mail and each piece of it ("staff", "demo", "pumpwatch"…), and each part of the name
  const userInputs = [...SYSTEM_WORDS, email, ...email.split(/[@.+_-]/), ...(owner.name?.split(/\s+/) ?? [])].filter(
    (w) => w.length > 1,
  );
  const result = zxcvbn.check(password, userInputs);
  if (result.score < MIN_PASSWORD_SCORE) {
    const warning = result.feedback.warning;
    const advice = warning ? [WARNINGS[warning] ?? warning] : [];
    throw weak('This password is too easy to guess: a few unrelated words make a strong one', advice, result.score);
  }
}

function weak(message: string, advice: string[], score?: number): DomainError {
  return new DomainError('PASSWORD_TOO_WEAK', message, {
    minLength: MIN_PASSWORD_LENGTH,
    minScore: MIN_PASSWORD_SCORE,
    ...(score === undefined ? {} : { score }),
    advice,
  });
}
