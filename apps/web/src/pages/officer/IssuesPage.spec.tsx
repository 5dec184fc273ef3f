import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { anIssue } from '../../test/factories';
import { deferred, FakeApi, fail, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

describe('IssuesPage', () => {
  it('lists open issues first, and filters by type, severity and state through the address', async () => {
    const api = new FakeApi().on('GET', '/identity/issues', page([anIssue({ id: 'i1', characterId: 'c9', severity: 'critical', summary: 'Trog has no Discord user.' })]));
    const { location } = renderApp('/officer/issues', api, { as: 'officer' });

    const issue = await screen.findByTestId('issue');
    expect(within(issue).getByText('Trog has no Discord user.')).toBeTruthy();
    expect(within(issue).getByText('critical')).toBeTruthy();
    expect(within(issue).getByRole('link', { name: 'Link by hand' }).getAttribute('href')).toBe('/officer/links?characterId=c9');
    expect(api.callsTo('GET', '/identity/issues')[0].query.toString()).toBe('resolved=false&limit=50&offset=0');

    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'role_mismatch' } });
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'warning' } });
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'true' } });
    await waitFor(() => expect(location.href).toBe('/officer/issues?type=role_mismatch&severity=warning&resolved=true'));
    await waitFor(() => expect(api.callsTo('GET', '/identity/issues').at(-1)?.query.toString()).toBe('type=role_mismatch&severity=warning&resolved=true&limit=50&offset=0'));
  });

  it('shows loading, then says when no issue matches', async () => {
    const issues = deferred();
    renderApp('/officer/issues?resolved=true', new FakeApi().on('GET', '/identity/issues', issues.handler), { as: 'officer' });
    expect(await screen.findByText('Loading the issues…')).toBeTruthy();
    issues.resolve(page([]));
    expect((await screen.findByTestId('empty')).textContent).toBe('No issues match these filters.');
  });

  it("shows the API's sentence for a filter it refuses", async () => {
    const api = new FakeApi().on('GET', '/identity/issues', fail(400, 'VALIDATION_FAILED', 'severity must be one of info, warning, critical.'));
    renderApp('/officer/issues?severity=bad', api, { as: 'officer' });
    expect((await screen.findByRole('alert')).textContent).toBe('severity must be one of info, warning, critical.');
  });
});
