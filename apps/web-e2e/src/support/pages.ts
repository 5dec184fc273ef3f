// What several scenarios do on the app's pages, by their labels and roles (as a person, or a
// screen reader, finds them) and the test ids apps/web/README.md lists.
import type { Page } from 'playwright-core';

/** Signs in through the login form and waits until the app shows who is signed in. */
export async function signInWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  // Exactly: "Sign in with Discord" is a button of the page too.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ state: 'attached' });
}

/** Where the main navigation's links lead, as paths. */
export function navigationTargets(page: Page): Promise<string[]> {
  return page
    .getByTestId('main-nav')
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}
