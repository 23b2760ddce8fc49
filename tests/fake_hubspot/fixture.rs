//! The fake HubSpot's world at start: the OAuth app (its client id and secret, its one
//! registered redirect URI, every scope the facts page names), the portal, its users (each a
//! HubSpot user with an owner record: owner `id` ≠ `userId`, as A5 warns), and the email, note
//! and call engagements logged in it, built in code with builders that give every field a
//! sensible default.

/// The OAuth app's client id (a UUID, as HubSpot's are).
pub const HUB_CLIENT_ID: &str = "6f1c2a4e-8d3b-4c7a-9e21-0b5d7f3a9c18";
pub const HUB_CLIENT_SECRET: &str = "3e9b7d51-2c4f-4a86-b0d3-9f6e1a2c7b45";
/// The OAuth app's id (`app_id` in introspection).
pub const HUB_APP_ID: u64 = 3_456_789;
/// The portal (account) id, `hub_id` in token answers.
pub const HUB_ID: u64 = 24_681_357;
pub const HUB_DOMAIN: &str = "sales-example.com";
/// The redirect URI registered for the OAuth app unless a fixture says otherwise.
pub const DEFAULT_REDIRECT_URI: &str = "http://localhost:8745/";
/// The default user's e-mail address.
pub const SALES_USER: &str = "sam@sales.example.com";
pub const OTHER_USER: &str = "olive@sales.example.com";
/// Who the default builders write to (a contact, not a user of the portal).
pub const CUSTOMER: &str = "casey@customer.example.org";

/// Every scope the OAuth app is configured with: every scope the facts page (A3) names. An
/// authorize request for any other is refused ("Insufficient scopes were provided").
pub const APP_SCOPES: &[&str] = &[
    "oauth",
    "crm.objects.contacts.read",
    "sales-email-read",
    "crm.objects.emails.read",
    "crm.objects.notes.read",
    "crm.objects.calls.read",
    "crm.objects.owners.read",
    "automation",
    "crm.extensions_calling_transcripts.read",
];

/// The default `hs_timestamp` of record `id`: 2026-03-02T09:00:00.000Z plus `id` minutes.
pub const BASE_TIMESTAMP_MS: i64 = 1_772_442_000_000;
/// When every owner record was made and last updated: 2025-01-15T10:00:00.000Z.
pub const OWNER_CREATED_MS: i64 = 1_736_935_200_000;
/// Transcript ids are the call's id plus this (`hs_call_transcription_id`).
pub const TRANSCRIPT_ID_BASE: u64 = 7_000_000_000;

/// A HubSpot user of the portal and the owner record behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubUser {
    pub email: String,
    /// The user id (`user_id` in token answers, `userId` on the owner).
    pub user_id: u64,
    /// The owner id (`id` on the owner, what `hubspot_owner_id` holds).
    pub owner_id: u64,
    pub first_name: String,
    pub last_name: String,
}

impl HubUser {
    pub fn new(email: &str, user_id: u64, owner_id: u64, first: &str, last: &str) -> HubUser {
        HubUser {
            email: email.into(),
            user_id,
            owner_id,
            first_name: first.into(),
            last_name: last.into(),
        }
    }
}

/// The default user: Sam Seller, owner 501, user 9001.
pub fn sam() -> HubUser {
    HubUser::new(SALES_USER, 9001, 501, "Sam", "Seller")
}

/// Another user of the same portal: Olive Other, owner 502, user 9002.
pub fn other() -> HubUser {
    HubUser::new(OTHER_USER, 9002, 502, "Olive", "Other")
}

fn default_timestamp(id: u64) -> i64 {
    BASE_TIMESTAMP_MS + (id as i64) * 60_000
}

/// An email engagement.
#[derive(Debug, Clone)]
pub struct EmailSpec {
    pub id: u64,
    /// `hubspot_owner_id`: the timeline creator, which can differ from the sender.
    pub owner_id: u64,
    /// `EMAIL` | `INCOMING_EMAIL` | `FORWARDED_EMAIL`.
    pub direction: &'static str,
    pub from_email: String,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// `hs_timestamp`.
    pub timestamp_ms: i64,
    /// `hs_lastmodifieddate`.
    pub modified_ms: i64,
    pub sequence_id: Option<String>,
    pub template_id: Option<String>,
    /// `BOUNCED` | `FAILED` | `SCHEDULED` | `SENDING` | `SENT`.
    pub status: &'static str,
}

impl EmailSpec {
    /// An email `owner` sent to [`CUSTOMER`]: direction `EMAIL`, status `SENT`, text only,
    /// at the default time for `id`, modified an hour later.
    pub fn sent(id: u64, owner: &HubUser, subject: &str, text: &str) -> EmailSpec {
        let at = default_timestamp(id);
        EmailSpec {
            id,
            owner_id: owner.owner_id,
            direction: "EMAIL",
            from_email: owner.email.clone(),
            to_email: CUSTOMER.into(),
            subject: subject.into(),
            text: text.into(),
            html: None,
            timestamp_ms: at,
            modified_ms: at + 3_600_000,
            sequence_id: None,
            template_id: None,
            status: "SENT",
        }
    }

    /// A reply `from` someone else to `owner`, logged on `owner`'s timeline: direction
    /// `INCOMING_EMAIL`.
    pub fn received(id: u64, owner: &HubUser, from: &str, subject: &str, text: &str) -> EmailSpec {
        EmailSpec {
            direction: "INCOMING_EMAIL",
            from_email: from.into(),
            to_email: owner.email.clone(),
            ..EmailSpec::sent(id, owner, subject, text)
        }
    }

    /// An email `owner` forwarded: direction `FORWARDED_EMAIL`.
    pub fn forwarded(id: u64, owner: &HubUser, subject: &str, text: &str) -> EmailSpec {
        EmailSpec {
            direction: "FORWARDED_EMAIL",
            ..EmailSpec::sent(id, owner, subject, text)
        }
    }

    /// `hs_lastmodifieddate`.
    pub fn modified(mut self, ms: i64) -> EmailSpec {
        self.modified_ms = ms;
        self
    }

    /// `hs_timestamp` (and the creation date); `hs_lastmodifieddate` becomes a minute later
    /// (call [`EmailSpec::modified`] after this to choose it).
    pub fn at(mut self, ms: i64) -> EmailSpec {
        self.timestamp_ms = ms;
        self.modified_ms = ms + 60_000;
        self
    }

    pub fn html(mut self, html: &str) -> EmailSpec {
        self.html = Some(html.into());
        self
    }

    pub fn from(mut self, email: &str) -> EmailSpec {
        self.from_email = email.into();
        self
    }

    pub fn to(mut self, email: &str) -> EmailSpec {
        self.to_email = email.into();
        self
    }

    /// The timeline creator (`hubspot_owner_id`), without changing the sender.
    pub fn owner(mut self, owner_id: u64) -> EmailSpec {
        self.owner_id = owner_id;
        self
    }

    /// Sent by a sequence (`hs_sequence_id`).
    pub fn sequence(mut self, id: &str) -> EmailSpec {
        self.sequence_id = Some(id.into());
        self
    }

    /// Sent from a template (`hs_template_id`).
    pub fn template(mut self, id: &str) -> EmailSpec {
        self.template_id = Some(id.into());
        self
    }

    pub fn status(mut self, status: &'static str) -> EmailSpec {
        self.status = status;
        self
    }
}

/// A note.
#[derive(Debug, Clone)]
pub struct NoteSpec {
    pub id: u64,
    pub owner_id: u64,
    /// `hs_note_body`: rich text, HTML in practice.
    pub body_html: String,
    pub timestamp_ms: i64,
    pub modified_ms: i64,
}

impl NoteSpec {
    pub fn new(id: u64, owner: &HubUser, html: &str) -> NoteSpec {
        let at = default_timestamp(id);
        NoteSpec {
            id,
            owner_id: owner.owner_id,
            body_html: html.into(),
            timestamp_ms: at,
            modified_ms: at + 3_600_000,
        }
    }

    pub fn modified(mut self, ms: i64) -> NoteSpec {
        self.modified_ms = ms;
        self
    }

    /// `hs_timestamp`; modified a minute later.
    pub fn at(mut self, ms: i64) -> NoteSpec {
        self.timestamp_ms = ms;
        self.modified_ms = ms + 60_000;
        self
    }
}

/// A call, with its Conversation Intelligence transcript if it has one.
#[derive(Debug, Clone)]
pub struct CallSpec {
    pub id: u64,
    pub owner_id: u64,
    pub title: String,
    /// `hs_call_body`: the description and notes, HTML.
    pub body_html: String,
    pub timestamp_ms: i64,
    pub modified_ms: i64,
    pub transcript: Option<Vec<Utterance>>,
}

impl CallSpec {
    pub fn new(id: u64, owner: &HubUser, title: &str, html: &str) -> CallSpec {
        let at = default_timestamp(id);
        CallSpec {
            id,
            owner_id: owner.owner_id,
            title: title.into(),
            body_html: html.into(),
            timestamp_ms: at,
            modified_ms: at + 3_600_000,
            transcript: None,
        }
    }

    pub fn with_transcript(mut self, utterances: Vec<Utterance>) -> CallSpec {
        self.transcript = Some(utterances);
        self
    }

    pub fn modified(mut self, ms: i64) -> CallSpec {
        self.modified_ms = ms;
        self
    }

    /// `hs_timestamp`; modified a minute later.
    pub fn at(mut self, ms: i64) -> CallSpec {
        self.timestamp_ms = ms;
        self.modified_ms = ms + 60_000;
        self
    }

    /// The transcript's id (`hs_call_transcription_id`), if the call has one.
    pub fn transcript_id(&self) -> Option<u64> {
        self.transcript
            .as_ref()
            .map(|_| TRANSCRIPT_ID_BASE + self.id)
    }

    /// `hs_call_duration` in ms: the transcript's end, or five minutes.
    pub fn duration_ms(&self) -> i64 {
        self.transcript
            .as_ref()
            .and_then(|u| u.iter().map(|u| u.end_ms).max())
            .unwrap_or(300_000)
    }
}

/// One utterance of a call transcript.
#[derive(Debug, Clone)]
pub struct Utterance {
    pub speaker_name: String,
    /// Known for HubSpot users; often absent for the other side.
    pub speaker_email: Option<String>,
    pub text: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Utterance {
    /// Said by a user of the portal (the speaker carries their e-mail).
    pub fn by(user: &HubUser, text: &str, start_ms: i64, end_ms: i64) -> Utterance {
        Utterance {
            speaker_name: format!("{} {}", user.first_name, user.last_name),
            speaker_email: Some(user.email.clone()),
            text: text.into(),
            start_ms,
            end_ms,
        }
    }

    /// Said by someone outside the portal (no e-mail).
    pub fn guest(name: &str, text: &str, start_ms: i64, end_ms: i64) -> Utterance {
        Utterance {
            speaker_name: name.into(),
            speaker_email: None,
            text: text.into(),
            start_ms,
            end_ms,
        }
    }
}

/// Everything the fake knows at start. `Default`: no users, no records, the redirect URI
/// [`DEFAULT_REDIRECT_URI`].
#[derive(Debug, Clone)]
pub struct HubFixture {
    /// The portal's users; the first consents to every authorization.
    pub users: Vec<HubUser>,
    pub emails: Vec<EmailSpec>,
    pub notes: Vec<NoteSpec>,
    pub calls: Vec<CallSpec>,
    /// The redirect URI registered for the OAuth app: authorize and the code exchange accept
    /// exactly this string and nothing else.
    pub redirect_uri: String,
}

impl Default for HubFixture {
    fn default() -> HubFixture {
        HubFixture {
            users: Vec::new(),
            emails: Vec::new(),
            notes: Vec::new(),
            calls: Vec::new(),
            redirect_uri: DEFAULT_REDIRECT_URI.into(),
        }
    }
}

impl HubFixture {
    /// The default portal: [`sam`] (who consents) and [`other`], no records.
    pub fn sales() -> HubFixture {
        HubFixture::default().with_user(sam()).with_user(other())
    }

    /// A small portal: [`sam`]'s emails (one a reply with quoted history), one received email,
    /// one sequence email, a note each of sam's and [`other`]'s, and a call of sam's with a
    /// transcript of two speakers: what each kind of record may hold, once.
    pub fn demo() -> HubFixture {
        let (sam, olive) = (sam(), other());
        HubFixture::default()
            .with_user(sam.clone())
            .with_user(olive.clone())
            .with_email(EmailSpec::sent(
                1001,
                &sam,
                "Pricing for Q3",
                "Hi Casey,\n\nthe Q3 pricing holds until the end of September; I can send the \
                 quote on Monday.\n\nBest,\nSam\n",
            ))
            .with_email(EmailSpec::sent(
                1002,
                &sam,
                "Re: Contract",
                "Yes, the redlines look fine to me; let us sign on Thursday.\n\n\
                 On Mon, Mar 2, 2026 at 9:00 AM Casey <casey@customer.example.org> wrote:\n\
                 > Can you look at the redlines?\n> Casey\n",
            ))
            .with_email(EmailSpec::received(
                1003,
                &sam,
                "casey@customer.example.org",
                "Re: Pricing for Q3",
                "Thanks Sam, Monday works for us.\n",
            ))
            .with_email(
                EmailSpec::sent(
                    1004,
                    &sam,
                    "Quick question",
                    "Hi {{first_name}}, I noticed your team is growing fast.\n",
                )
                .sequence("seq-77"),
            )
            .with_note(NoteSpec::new(
                2001,
                &sam,
                "<p>Casey wants the <b>annual</b> plan; call back after the board meeting.</p>",
            ))
            .with_note(NoteSpec::new(
                2002,
                &olive,
                "<p>Olive's own note about another account entirely.</p>",
            ))
            .with_call(
                CallSpec::new(
                    3001,
                    &sam,
                    "Discovery call",
                    "<p>Good call: they need single sign-on.</p>",
                )
                .with_transcript(vec![
                    Utterance::guest("Casey", "So what does it cost for forty seats?", 0, 4_000),
                    Utterance::by(
                        &sam,
                        "For forty seats you would be on the team plan.",
                        4_000,
                        8_000,
                    ),
                    Utterance::guest("Casey", "And single sign-on?", 8_000, 10_000),
                    Utterance::by(&sam, "Single sign-on comes with it.", 10_000, 12_000),
                ]),
            )
    }

    pub fn with_user(mut self, user: HubUser) -> HubFixture {
        self.users.push(user);
        self
    }

    pub fn with_email(mut self, email: EmailSpec) -> HubFixture {
        self.emails.push(email);
        self
    }

    pub fn with_note(mut self, note: NoteSpec) -> HubFixture {
        self.notes.push(note);
        self
    }

    pub fn with_call(mut self, call: CallSpec) -> HubFixture {
        self.calls.push(call);
        self
    }

    pub fn with_redirect_uri(mut self, uri: &str) -> HubFixture {
        self.redirect_uri = uri.into();
        self
    }

    /// `n` emails `owner` sent, ids `first_id..first_id + n`, a minute apart, each a few
    /// sentences long: bulk for paging tests and benchmarks.
    pub fn with_sent_emails(mut self, owner: &HubUser, first_id: u64, n: u64) -> HubFixture {
        for id in first_id..first_id + n {
            self.emails.push(EmailSpec::sent(
                id,
                owner,
                &format!("Following up, part {id}"),
                &format!(
                    "Hi Casey,\n\nThanks for the call about order {id}. I have attached the \
                     quote we discussed and will check in next week.\n\nBest,\n{}",
                    owner.first_name
                ),
            ));
        }
        self
    }
}
