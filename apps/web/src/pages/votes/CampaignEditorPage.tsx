import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import type { ApiError } from '../../api/errors';
import type { Campaign, CampaignChange, CampaignInput, Chattiness, Entry, VotingMethod } from '../../api/types';
import { FormError, problemOf, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import { EntriesEditor } from './EntriesEditor';
import { CHATTINESS_NAMES, fromLocalInput, METHOD_NAMES, RANK_LEVELS, toLocalInput, useRankNames } from './votes';

/** `/votes/new`: a new draft's settings; saving it leads on to its entries. */
export function NewCampaignPage() {
  const { api } = useSession();
  const navigate = useNavigate();
  const create = useAction((input: CampaignInput) => api.campaigns.create(input));
  const onSave = async (input: CampaignInput | CampaignChange) => {
    const created = await create.run(input as CampaignInput);
    if (created) void navigate(`/votes/${created.id}/edit`, { state: { created: true } });
  };
  return (
    <Page title="New vote" intro="A vote starts as a draft: set it up, add its entries, then open it (or let it open at its time).">
      <p>
        <Link to="/votes">All votes</Link>
      </p>
      <SettingsForm campaign={null} saving={create.pending} error={create.error} onSave={(input) => void onSave(input)} />
    </Page>
  );
}

/** `/votes/:id/edit`: a draft's settings and entries, and opening it (or deleting it). */
export function EditCampaignPage() {
  const { id = '' } = useParams();
  const { api } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const campaign = useResource(`campaign-draft:${id}`, (signal) => api.campaigns.get(id, signal));
  const [announcement, setAnnouncement] = useState((location.state as { created?: boolean } | null)?.created ? 'Draft saved. Now add its entries.' : '');
  const save = useAction((change: CampaignChange) => api.campaigns.update(id, change));
  const open = useAction(() => api.campaigns.open(id));
  const remove = useAction(() => api.campaigns.remove(id));
  const [confirming, setConfirming] = useState<'open' | 'delete' | null>(null);

  const title = campaign.status === 'ready' ? `Edit: ${campaign.data.title}` : 'Edit a vote';
  const onSave = async (change: CampaignChange) => {
    if (Object.keys(change).length === 0) {
      setAnnouncement('Nothing changed.');
      return;
    }
    const saved = await save.run(change);
    if (!saved) return;
    campaign.update((current) => ({ ...saved, entries: saved.entries ?? current.entries }));
    setAnnouncement('Settings saved.');
  };
  const onOpen = async () => {
    const opened = await open.run();
    setConfirming(null);
    if (opened) void navigate(`/votes/${id}`);
  };
  const onDelete = async () => {
    const done = await remove.run();
    if (done !== undefined) void navigate('/votes', { replace: true });
  };

  return (
    <Page title={title}>
      <p>
        <Link to={`/votes/${id}`}>The vote’s page</Link> · <Link to="/votes">All votes</Link>
      </p>
      <LiveStatus testId="editor-announcement">{announcement}</LiveStatus>
      <AsyncContent resource={campaign} what="the vote">
        {(data) =>
          data.status !== 'draft' ? (
            <p className="panel notice" data-testid="not-a-draft">
              This vote is {data.status === 'live' ? 'open' : 'closed'}: only drafts can be changed. <Link to={`/votes/${id}`}>See it</Link>.
            </p>
          ) : (
            <>
              <SettingsForm campaign={data} saving={save.pending} error={save.error} onSave={(change) => void onSave(change)} />
              <EntriesEditor
                campaignId={id}
                entries={data.entries ?? []}
                onEntries={(entries: Entry[]) => campaign.update((current) => ({ ...current, entries }))}
                onAnnounce={setAnnouncement}
              />
              <section aria-labelledby="open-title" className="panel">
                <h2 id="open-title">Open or delete</h2>
                <p className="hint">
                  Opening makes it live from now: it ends {data.durationHours} {data.durationHours === 1 ? 'hour' : 'hours'} later. It needs at least {data.picksPerVoter}{' '}
                  {data.picksPerVoter === 1 ? 'entry' : 'entries'}. Once open, its entries and settings no longer change.
                </p>
                <div className="actions">
                  {confirming === 'open' ? (
                    <>
                      <button type="button" onClick={() => void onOpen()} disabled={open.pending}>
                        {open.pending ? 'Opening…' : 'Open voting now, for good'}
                      </button>
                      <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                        Not yet
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirming('open')}>
                      Open voting now
                    </button>
                  )}
                  {confirming === 'delete' ? (
                    <button type="button" className="danger" onClick={() => void onDelete()} disabled={remove.pending}>
                      Delete this draft for good
                    </button>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setConfirming('delete')}>
                      Delete this draft
                    </button>
                  )}
                </div>
                {open.error && <ErrorMessage error={open.error} />}
                {remove.error && <ErrorMessage error={remove.error} />}
              </section>
            </>
          )
        }
      </AsyncContent>
    </Page>
  );
}

interface SettingsValues {
  title: string;
  description: string;
  method: VotingMethod;
  picksPerVoter: string;
  minRankToVote: string;
  minRankToView: string;
  startsAt: string;
  durationHours: string;
  earlyCloseWhenAllVoted: boolean;
  discordChannelId: string;
  announce: boolean;
  chattiness: Chattiness;
}

function valuesOf(campaign: Campaign | null): SettingsValues {
  if (!campaign) {
    // Tomorrow at the next whole hour, for three days: a weekend's vote.
    const start = new Date(Date.now() + 24 * 3600_000);
    start.setMinutes(0, 0, 0);
    return {
      title: '',
      description: '',
      method: 'points',
      picksPerVoter: '3',
      minRankToVote: '2',
      minRankToView: '',
      startsAt: toLocalInput(start.toISOString()),
      durationHours: '72',
      earlyCloseWhenAllVoted: true,
      discordChannelId: '',
      announce: true,
      chattiness: 'normal',
    };
  }
  return {
    title: campaign.title,
    description: campaign.description ?? '',
    method: campaign.method,
    picksPerVoter: String(campaign.picksPerVoter),
    minRankToVote: String(campaign.minRankToVote),
    minRankToView: campaign.minRankToView === null ? '' : String(campaign.minRankToView),
    startsAt: toLocalInput(campaign.startsAt),
    durationHours: String(campaign.durationHours),
    earlyCloseWhenAllVoted: campaign.earlyCloseWhenAllVoted,
    discordChannelId: campaign.discordChannelId ?? '',
    announce: campaign.announcements.enabled,
    chattiness: campaign.announcements.chattiness,
  };
}

/** A whole number as typed; anything else goes to the API as typed, for it to name the problem. */
function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The form's values as a `CampaignInput` (libs/contracts/src/api/campaigns.ts). */
function inputOf(values: SettingsValues): CampaignInput {
  return {
    title: values.title.trim(),
    description: values.description.trim() || null,
    method: values.method,
    picksPerVoter: wholeNumber(values.picksPerVoter),
    minRankToVote: Number(values.minRankToVote) as CampaignInput['minRankToVote'],
    minRankToView: values.minRankToView === '' ? null : (Number(values.minRankToView) as CampaignInput['minRankToVote']),
    startsAt: fromLocalInput(values.startsAt) ?? values.startsAt,
    durationHours: wholeNumber(values.durationHours),
    earlyCloseWhenAllVoted: values.earlyCloseWhenAllVoted,
    discordChannelId: values.discordChannelId.trim() || null,
    announcements: { enabled: values.announce, chattiness: values.chattiness },
  };
}

/** Only what differs from the campaign, for PATCH. */
function changeOf(campaign: Campaign, input: CampaignInput): CampaignChange {
  const change: CampaignChange = {};
  const set = <K extends keyof CampaignChange>(key: K, value: CampaignChange[K], was: unknown) => {
    if (JSON.stringify(value) !== JSON.stringify(was)) change[key] = value;
  };
  set('title', input.title, campaign.title);
  set('description', input.description, campaign.description);
  set('method', input.method, campaign.method);
  set('picksPerVoter', input.picksPerVoter, campaign.picksPerVoter);
  set('minRankToVote', input.minRankToVote, campaign.minRankToVote);
  set('minRankToView', input.minRankToView, campaign.minRankToView);
  if (Date.parse(input.startsAt) !== Date.parse(campaign.startsAt)) change.startsAt = input.startsAt;
  set('durationHours', input.durationHours, campaign.durationHours);
  set('earlyCloseWhenAllVoted', input.earlyCloseWhenAllVoted, campaign.earlyCloseWhenAllVoted);
  set('discordChannelId', input.discordChannelId, campaign.discordChannelId);
  set('announcements', input.announcements, campaign.announcements);
  return change;
}

/** An option a rank level, lowest first: "Member and above", for the settings that give a least rank. */
function RankAndAboveOptions({ rankName }: { rankName(level: number): string }) {
  return RANK_LEVELS.map((level) => (
    <option key={level} value={level}>
      {rankName(level)} and above
    </option>
  ));
}

function SettingsForm({
  campaign,
  saving,
  error,
  onSave,
}: {
  campaign: Campaign | null;
  saving: boolean;
  error: ApiError | null;
  onSave(input: CampaignInput | CampaignChange): void;
}) {
  const [values, setValues] = useState(() => valuesOf(campaign));
  const rankName = useRankNames();
  const set = <K extends keyof SettingsValues>(key: K, value: SettingsValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const problem = (field: string) => problemOf(error, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = inputOf(values);
    onSave(campaign ? changeOf(campaign, input) : input);
  };

  return (
    <form className="form panel vote-settings" onSubmit={submit} aria-labelledby="settings-title" data-testid="vote-settings">
      <h2 id="settings-title">Settings</h2>
      <TextField label="Title" name="title" value={values.title} required maxLength={120} onChange={(event) => set('title', event.target.value)} problem={problem('title')} />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={values.description}
        onChange={(event) => set('description', event.target.value)}
        hint="What the guild decides, and anything voters should know."
        problem={problem('description')}
      />
      <div className="field-row">
        <SelectField label="How ballots count" name="method" value={values.method} onChange={(event) => set('method', event.target.value as VotingMethod)} problem={problem('method')}>
          {(Object.keys(METHOD_NAMES) as VotingMethod[]).map((method) => (
            <option key={method} value={method}>
              {METHOD_NAMES[method]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Picks per voter"
          name="picksPerVoter"
          type="number"
          min={1}
          max={10}
          inputMode="numeric"
          value={values.picksPerVoter}
          onChange={(event) => set('picksPerVoter', event.target.value)}
          hint="Each voter ranks this many entries (1 to 10)."
          problem={problem('picksPerVoter')}
        />
      </div>
      <div className="field-row">
        <SelectField label="Who may vote" name="minRankToVote" value={values.minRankToVote} onChange={(event) => set('minRankToVote', event.target.value)} problem={problem('minRankToVote')}>
          <RankAndAboveOptions rankName={rankName} />
        </SelectField>
        <SelectField label="Who may see it" name="minRankToView" value={values.minRankToView} onChange={(event) => set('minRankToView', event.target.value)} problem={problem('minRankToView')}>
          <option value="">Everyone, signed in or not</option>
          <RankAndAboveOptions rankName={rankName} />
        </SelectField>
      </div>
      <div className="field-row">
        <TextField
          label="Opens at"
          name="startsAt"
          type="datetime-local"
          value={values.startsAt}
          onChange={(event) => set('startsAt', event.target.value)}
          hint="Your local time. It opens by itself then, unless you open it sooner."
          problem={problem('startsAt')}
        />
        <TextField
          label="Runs for (hours)"
          name="durationHours"
          type="number"
          min={1}
          max={720}
          inputMode="numeric"
          value={values.durationHours}
          onChange={(event) => set('durationHours', event.target.value)}
          hint="1 to 720 (30 days), from when it opens."
          problem={problem('durationHours')}
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={values.earlyCloseWhenAllVoted} onChange={(event) => set('earlyCloseWhenAllVoted', event.target.checked)} /> Close early when everyone
        who may vote has voted
      </label>
      <fieldset className="announce">
        <legend>Discord</legend>
        <label className="check">
          <input type="checkbox" checked={values.announce} onChange={(event) => set('announce', event.target.checked)} /> Announce it on Discord
        </label>
        <SelectField
          label="How much the bot says"
          name="chattiness"
          value={values.chattiness}
          disabled={!values.announce}
          onChange={(event) => set('chattiness', event.target.value as Chattiness)}
          problem={problem('announcements')}
        >
          {(Object.keys(CHATTINESS_NAMES) as Chattiness[]).map((level) => (
            <option key={level} value={level}>
              {CHATTINESS_NAMES[level]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Discord channel id"
          name="discordChannelId"
          inputMode="numeric"
          value={values.discordChannelId}
          onChange={(event) => set('discordChannelId', event.target.value)}
          hint="Empty: the officers’ audit channel. In Discord: right-click the channel → Copy Channel ID. For a vote only some ranks see, pick a channel only they see."
          problem={problem('discordChannelId')}
        />
      </fieldset>
      <FormError error={error} />
      <button type="submit" disabled={saving}>
        {saving ? 'Saving…' : campaign ? 'Save settings' : 'Save the draft'}
      </button>
    </form>
  );
}
