"""The word classes `okrtui.domain.classify` reads statements with.

They are classes of English, not lists of corpus rows: verbs that name work (build, identify,
execute, document…), verbs that name a change in a number (increase, reduce…), nouns for
things a team makes (a driver, a playbook, a report), for people whose behaviour changes
(users, members, contributors) and for results people experience (churn, NPS, latency).
Every word is here because it belongs to its class in general use, never because one
published row needs it (no product names, no one publisher's jargon); the corpus in
`tests/domain/data/real_okrs/` measures them (`make coach-report`).
"""

from __future__ import annotations

#: Verbs whose object is something the team makes or an activity it carries out (base forms).
WORK_VERBS = frozenset(
    """
    add address adopt agree align amplify analyse analyze announce apply archive assess assign
    associate capture celebrate describe elevate explain explore highlight showcase summarise
    summarize serialize serialise consider
    attend audit automate begin benchmark build catalogue catalog champion choose clean
    code collect combine communicate complete compile conduct configure consolidate
    continue coordinate create curate decide define delegate deliver deploy deprecate design
    kickoff sunset
    develop digitise digitize document draft enable establish evaluate execute expose
    facilitate file finalise finalize finish fix formalise formalize gather hire hold host
    identify implement include initiate install instrument integrate
    interview introduce investigate issue kick launch lay learn localise localize log map
    measure merge migrate model monitor move negotiate open organise organize
    outline overhaul pay perform pilot pitch plan plug port post prepare present prioritise
    prioritize produce promote prototype provide publicise publicize publish ratify
    rebuild record recruit redesign refactor refresh relaunch release remove render replace
    report research resolve restructure review revamp revise rewrite roll run schedule
    select send set ship source specify standardise standardize start streamline study
    submit support survey test track train translate understand unify update upgrade
    validate verify write
    """.split()
)

#: Work verbs that are only work when no result follows: "Maintain 99.9% uptime" and "Ensure
#: that no issue blocks a deal" hold a result; "Maintain HubSpot consistency" is upkeep.
SOFT_WORK_VERBS = frozenset("ensure maintain keep enable help provide support make".split())

#: Two-word work verbs, recognised before the one-word list.
PHRASAL_WORK_VERBS = frozenset(
    {
        "roll out",
        "set up",
        "kick off",
        "spin up",
        "go live",
        "come up",
        "lay out",
        "pay down",
        "pay off",
        "put in",
        "figure out",
        "sign off",
        "open source",
        "wire up",
        "clean up",
        "write up",
        "follow up",
        "spell out",
        "carry out",
        "hand off",
        "build out",
        "stand up",
        "fall back",
        "lay the",
        "put together",
        "work on",
        "start work",
        "spread the",
    }
)

#: Verbs whose object is a person to staff the team with: "Hire a PM", "Add 1 developer".
STAFFING_VERBS = frozenset({"hire", "recruit", "add", "onboard", "staff", "appoint", "assign"})
STAFF_NOUNS = frozenset(
    """
    developer developers engineer engineers designer designers manager managers pm pms
    recruiter recruiters hire hires teammate teammates head lead leads staff employee employees
    analyst analysts marketer marketers writer writers scientist scientists researcher
    researchers architect architects owner owners director directors coordinator coordinators
    specialist specialists contractor contractors intern interns person people role roles
    member members
    """.split()
)

#: Verbs of change in a result: a sign of an outcome.
CHANGE_VERBS = frozenset(
    """
    accelerate achieve acquire activate attract boost close convert cut decrease double drive
    drop earn eliminate engage expand gain get grow halve have hit increase keep lift lower
    maximise maximize minimise minimize mobilize mobilise prevent raise reach reduce retain
    scale sell shorten speed stabilise stabilize sustain triple upsell up-sell win become
    improve secure demonstrate conquer make
    """.split()
)

#: Irregular past participles ("features built", "workshops held").
IRREGULAR_PARTICIPLES = {
    "build": ("built",),
    "rebuild": ("rebuilt",),
    "write": ("written", "wrote"),
    "rewrite": ("rewritten",),
    "run": ("run", "ran"),
    "send": ("sent",),
    "hold": ("held",),
    "make": ("made",),
    "do": ("done", "did"),
    "begin": ("begun", "began"),
    "choose": ("chosen", "chose"),
    "set": ("set",),
    "put": ("put",),
    "lay": ("laid",),
    "pay": ("paid",),
    "draw": ("drawn",),
    "understand": ("understood",),
    "learn": ("learnt",),
    "spec": ("specd", "spec'd", "specced"),
}

#: Participles and adjectives that declare a piece of work finished ("X is implemented").
DONE_WORDS = frozenset(
    """
    live available done ready complete completed finished implemented shipped launched
    released delivered deployed documented published established defined agreed approved
    accepted signed ratified merged integrated migrated installed configured
    created built written drafted identified determined developed designed prototyped tested
    validated piloted instrumented tracked measured collected captured operational
    running enabled supported exists exist interoperable specd spec'd specced finalised
    finalized formalised formalized submitted issued hosted held conducted prepared presented
    organised organized scheduled rolled kicked automated replaced rebuilt
    rewritten redesigned refactored upgraded fixed resolved addressed removed archived
    mapped assessed evaluated reviewed updated standardised standardized
    hired recruited onboarded trained staffed appointed assigned listed
    """.split()
)

#: Verbs saying what a thing can do or contains: with a thing as subject, a capability built.
CAPABILITY_VERBS = frozenset(
    """
    supports support indicates indicate describes describe contains contain includes include
    provides provide offers offer shows show displays display allows allow lets let renders
    render exposes expose handles handle works work interops interop integrates integrate
    owns own commits commit has have can lists list covers cover explains explain answers
    defines define learns
    """.split()
)

#: Things a team makes or does: a count of them, or a statement that names one, is output.
DELIVERABLE_NOUNS = frozenset(
    """
    api apis app apps article articles asset assets audit audits backlog blog blogs book books
    brief briefs campaign campaigns case chapter chapters checklist checklists
    component components concept concepts course courses dashboard dashboards deck decks
    deliverable deliverables demo demos design designs doc docs documentation draft drafts
    driver drivers ebook ebooks email emails endpoint endpoints enhancement enhancements epic
    epics episode episodes event events experiment experiments extension extensions feature
    features framework frameworks guide guides guideline guidelines handbook improvement
    improvements initiative initiatives integration integrations interview interviews
    inventory landing lesson lessons library libraries meeting meetings milestone milestones
    mockup mockups model module modules mvp newsletter newsletters op-ed op-eds page pages
    paper papers partnership partnerships patch patches pattern patterns piece pieces pilot
    pilots plan plans playbook playbooks plugin plugins podcast podcasts poc policy policies
    portal portals post posts pr prs presentation presentations process processes project
    projects proposal proposals prototype prototypes release releases report reports
    repository review reviews roadmap roadmaps routine routines schema schemas screen screens
    sdk sdks spec specs specification specifications sprint sprints strategy strategies
    steps stories story suite suites survey surveys system systems talk talks template templates

    test tests testbed tool tools tooling training trainings tutorial tutorials update updates
    version versions video videos webinar webinars website websites whitepaper whitepapers
    wireframe wireframes workflow workflows workshop workshops implementation narrative
    benchmarks structure structures stream streams livestream livestreams broadcast broadcasts
    analysis analyses research study studies award awards fellowship fellowships
    """.split()
)

#: Items of the team's own queue: closing a count of them is work ("Close 200 support
#: tickets"); resolving them within a time is a service level people feel (an outcome).
WORK_ITEMS = frozenset(
    "ticket tickets issue issues bug bugs request requests case cases pr prs".split()
)
QUEUE_VERBS = frozenset("close resolve answer handle fix triage process clear".split())

#: Measures of the team's own throughput rather than of anyone's behaviour.
THROUGHPUT_NOUNS = frozenset({"velocity", "throughput", "roadmap", "backlog", "burndown"})

#: Results people experience or that follow from what they do: what outcomes measure.
METRIC_NOUNS = frozenset(
    """
    abandonment acquisition activation adoption arpu bugs defects arr availability bookings bounce
    cac ces churn clicks click-through clickthrough commitments complaints conversion
    conversions cost costs crash crashes csat dau deals donations downloads downtime drop-off
    dropoff duration effort engagement error errors frequency funding growth happiness impressions
    incidents installs interactions latency leads likes listens loyalty ltv mau margin mqls
    mrr nps nrr orders pageviews percentage percent pipeline purchases rate rates rating
    ratings ratio reach reads referrals refunds registrations renewals retention retweets
    revenue sales satisfaction score scores sentiment sessions share shares signups sign-ups
    sign sqls speed spend subscriptions time traffic treasury trials uptime usage value views
    visits wau win reliability stability performance awareness trust understanding
    """.split()
)

#: Who an outcome is about: people (and groups of people) whose behaviour changes.
PEOPLE_NOUNS = frozenset(
    """
    account accounts admin admins adopters allies attendees audience audiences backers buyer
    buyers candidates citizens client clients clubs communities community companies company
    contributor contributors creator creators curators customer customers developer developers
    donors driver drivers employee employees entrants families followers funders guest guests
    household households influencers interviewee interviewees learners lead leaders leads
    listeners maintainers member members mentors merchant merchants mobilizers organisations
    organizations orgs parents participant participants partner partners patient patients
    people person player players prospect prospects publishers reader readers reps residents
    respondent respondents seller sellers shopper shoppers students subscriber subscribers
    team teams tenant tenants trialist trialists user users veteran veterans visitor visitors
    volunteers businesses builders professionals stewards governors institutions
    """.split()
)

#: Objects of a work verb that are qualities to grow, not things to ship ("build trust").
QUALITY_NOUNS = frozenset(
    """
    awareness confidence community culture habit habits loyalty momentum relationship
    relationships reputation trust credibility delight cohesion understanding demand
    engagement leadership presence visibility alignment excitement enthusiasm sense
    sustainability value
    """.split()
)

#: Comparatives that make "build a better product" a direction rather than a deliverable.
COMPARATIVES = frozenset(
    "better greater more less easier faster simpler stronger higher lower sufficient "
    "bigger smoother clearer safer good great best excellent awesome devoted loyal happy "
    "delightful thriving vibrant healthy engaged".split()
)

#: Words that open a statement without carrying its meaning ("We will launch …").
LEAD_INS = frozenset(
    """
    we will we'll we've to must should shall also then further first finally aim try
    successfully effectively fully actively i we're let's lets kr key result a/b
    """.split()
)

#: Words that end the object of a verb: a measure, a deadline or a purpose follows.
OBJECT_ENDS = frozenset(
    """
    from by to in within before for per on with into so that which who across through until
    at via as during after while including excluding
    """.split()
)

#: Verbs of being: "X is implemented", "X are available".
#: Work verbs that name finding out rather than making: their object may be a quality or a
#: result ("Assess our financial sustainability", "Track time to setup") and they stay work.
ANALYSIS_VERBS = frozenset(
    """
    assess evaluate audit research investigate explore study survey map measure monitor track
    understand learn identify analyse analyze review document define test validate instrument
    benchmark
    """.split()
)

#: Work verbs that are also nouns in front of a metric ("build time", "release frequency").
NOUN_VERBS = frozenset(
    "build release deploy test design review update plan support report research record "
    "survey study model run launch ship".split()
)

#: Words before "team" that make it the organisation's own team, not a customer's.
INTERNAL_TEAM_WORDS = frozenset(
    "each our engineering eng product design marketing sales support dev internal scrum "
    "delivery experience platform core every the".split()
)

BE_VERBS = frozenset(
    "is are was were be been being has have had gets get got becomes become remain remains".split()
)
