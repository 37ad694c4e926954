//! Background work, in one shape. A [`Job`] is a value: `update` asks for one as
//! `Effect::Run(JobRequest::new(job))`, the [`Pool`] runs it on its kind's lane (one long-lived
//! thread per kind of job), and whatever the job sends back arrives as
//! [`Event::Done`]`(`[`JobResult`]`)`, which `update` takes apart by the result's type. Adding
//! a kind of background work is its own module here (the job, its lane and its result) and the
//! one arm of `app::update` that takes the result.
//!
//! When jobs of a lane queue up, only the newest of those with the same [`Job::key`] runs: the
//! app has moved on from the others (another post opened, a newer snapshot of the store). A
//! lane can keep state between its jobs ([`Job::State`]: the link check's store in step with
//! the app's, the search index's writer). One thread per lane, rather than one per job, keeps
//! the memory they use in one allocator arena, so hours of reading reuse it.
//!
//! | kind | module | lane | runs | answers with |
//! |---|---|---|---|---|
//! | render a long post | [`render`] | `tidings-render`, first frame | newest | `Rendered` (its end first, then the whole) |
//! | colour code blocks | [`colour`] | `tidings-colour`, idle, nice 10 | newest | `Coloured` |
//! | make pictures | [`pictures`] | `tidings-pictures`, first frame, nice 10 | newest, between pictures too | `PictureMade` per picture |
//! | fetch remote images | [`images`] | `tidings-remote-images`, first frame | each | `ImageFetched` per image |
//! | posts linking to a post | [`backlinks`] | `tidings-backlinks`, first frame | newest | `Backlinks` |
//! | search index | [`index`] | `tidings-index`, idle, nice 10 | open, then newest snapshot | `IndexReply` (progress, ready, failed) |
//! | languages of posts that say none | [`languages`] | `tidings-languages`, idle, nice 10 | newest snapshot | `LanguagesDetected` per 512 posts |
//! | link check | [`links`] | `tidings-links`, idle, nice 10 | newest snapshot | `LinksChecked` |
//! | metadata cache | [`metadata`] | `tidings-metadata`, idle, nice 10 | newest snapshot, a minute apart | `MetadataSaved` |
//! | fetch feeds | [`feeds`] | `tidings-feeds`, first frame | each | `FeedFetched` per feed |
//! | open a URL | [`open`] | `tidings-open`, first frame | each | `Opened` when it failed |

pub mod backlinks;
pub mod colour;
pub mod feeds;
pub mod images;
pub mod index;
pub mod languages;
pub mod links;
pub mod metadata;
pub mod open;
pub mod pictures;
pub mod render;

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{Receiver, Sender};

use super::event::{Event, JobResult};

/// When a lane's thread starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Once the first frame is drawn.
    FirstFrame,
    /// Once the reader is idle as well: the load over and no render of the open post on its way.
    Idle,
}

/// How a kind of job is run: its thread's name, when the thread starts, and whether it runs
/// behind the reader (nice 10, see [`super::run_behind_the_reader`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lane {
    pub name: &'static str,
    pub wait: Wait,
    pub behind_the_reader: bool,
}

/// A kind of background work, as a value.
pub trait Job: Send + std::fmt::Debug + 'static {
    /// The lane that runs jobs of this kind.
    const LANE: Lane;
    /// What the lane keeps from one job to the next; `()` for nothing.
    type State: Default + Send + 'static;
    /// Of the jobs waiting at once, only the newest with each key runs (all jobs of a kind
    /// share key 0 unless the kind says otherwise); `None`: every job of it runs.
    fn key(&self) -> Option<u64> {
        Some(0)
    }
    /// Does the work, sending its results through `reply` (as many as it has).
    fn run(self, state: &mut Self::State, reply: &Reply<'_>);
}

type Erased = Box<dyn Any + Send>;
type Runner = fn(Erased, &mut Option<Erased>, &Reply<'_>);

/// A job asked for: its value (which tests can look at with [`JobRequest::job`]) and how to
/// run it.
pub struct JobRequest {
    kind: TypeId,
    lane: Lane,
    key: Option<u64>,
    job: Erased,
    describe: &'static str,
    run: Runner,
}

impl std::fmt::Debug for JobRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JobRequest({})", self.describe)
    }
}

fn run_erased<J: Job>(job: Erased, state: &mut Option<Erased>, reply: &Reply<'_>) {
    let Ok(job) = job.downcast::<J>() else {
        return;
    };
    let state = state.get_or_insert_with(|| Box::new(J::State::default()));
    if let Some(state) = state.downcast_mut::<J::State>() {
        job.run(state, reply);
    }
}

impl JobRequest {
    pub fn new<J: Job>(job: J) -> JobRequest {
        // The type's name, not the job's Debug: a render job's is its whole post.
        let describe = std::any::type_name::<J>();
        JobRequest {
            kind: TypeId::of::<J>(),
            lane: J::LANE,
            key: job.key(),
            job: Box::new(job),
            describe,
            run: run_erased::<J>,
        }
    }

    /// The job, if it is of kind `J`.
    pub fn job<J: Job>(&self) -> Option<&J> {
        self.job.downcast_ref()
    }

    /// The job itself, if it is of kind `J`.
    pub fn into_job<J: Job>(self) -> Option<J> {
        self.job.downcast().ok().map(|job| *job)
    }

    /// The lane that runs it.
    pub fn lane(&self) -> Lane {
        self.lane
    }
}

/// A job waiting on its lane.
struct Queued {
    key: Option<u64>,
    generation: u64,
    job: Erased,
    run: Runner,
}

/// The jobs a lane has taken from its channel and not run yet.
struct LaneQueue {
    jobs: Receiver<Queued>,
    waiting: VecDeque<Queued>,
}

impl LaneQueue {
    /// Takes in what came, then drops each job that a newer one with its key replaces.
    fn take_in(&mut self) {
        self.waiting.extend(self.jobs.try_iter());
        let mut newest: HashMap<u64, u64> = HashMap::new();
        for job in &self.waiting {
            if let Some(key) = job.key {
                newest.insert(key, job.generation);
            }
        }
        self.waiting.retain(|job| {
            job.key
                .is_none_or(|key| newest.get(&key) == Some(&job.generation))
        });
    }
}

/// What a running job sends its results through.
pub struct Reply<'a> {
    events: &'a Sender<Event>,
    kind: &'static str,
    generation: u64,
    key: Option<u64>,
    queue: &'a RefCell<LaneQueue>,
}

impl Reply<'_> {
    /// Sends `result` to the app as [`Event::Done`]; `false` once the app is gone (its events
    /// are no longer read), for the job to stop.
    pub fn send<T: Send + 'static>(&self, result: T) -> bool {
        self.events
            .send(Event::Done(JobResult::new(
                self.kind,
                self.generation,
                result,
            )))
            .is_ok()
    }

    /// Whether a newer job with this one's key is waiting (the app has moved on): a long job
    /// can stop between two of its parts.
    pub fn superseded(&self) -> bool {
        if self.key.is_none() {
            return false;
        }
        let Ok(mut queue) = self.queue.try_borrow_mut() else {
            return false;
        };
        queue.take_in();
        queue.waiting.iter().any(|job| job.key == self.key)
    }

    /// A sender for results from threads the job starts (they cannot borrow the reply).
    pub fn sender(&self) -> ReplySender {
        ReplySender {
            events: self.events.clone(),
            kind: self.kind,
            generation: self.generation,
        }
    }
}

/// [`Reply::send`] for a thread of a job's own.
#[derive(Debug, Clone)]
pub struct ReplySender {
    events: Sender<Event>,
    kind: &'static str,
    generation: u64,
}

impl ReplySender {
    /// A sender for results of a thread that is not a lane (a timer's), as kind `kind`.
    pub fn new(events: Sender<Event>, kind: &'static str) -> ReplySender {
        ReplySender {
            events,
            kind,
            generation: 0,
        }
    }

    /// As [`Reply::send`].
    pub fn send<T: Send + 'static>(&self, result: T) -> bool {
        self.events
            .send(Event::Done(JobResult::new(
                self.kind,
                self.generation,
                result,
            )))
            .is_ok()
    }
}

/// The body of a lane's thread: runs each job (the newest of those with its key), until the
/// pool is dropped.
fn lane_body(lane: Lane, jobs: Receiver<Queued>, events: Sender<Event>) -> impl FnOnce() + Send {
    move || {
        if lane.behind_the_reader {
            super::run_behind_the_reader();
        }
        let queue = RefCell::new(LaneQueue {
            jobs,
            waiting: VecDeque::new(),
        });
        let mut state: Option<Erased> = None;
        loop {
            let next = {
                let mut q = queue.borrow_mut();
                if q.waiting.is_empty() {
                    match q.jobs.recv() {
                        Ok(job) => q.waiting.push_back(job),
                        Err(_) => return,
                    }
                }
                q.take_in();
                q.waiting.pop_front()
            };
            let Some(job) = next else { continue };
            let reply = Reply {
                events: &events,
                kind: lane.name,
                generation: job.generation,
                key: job.key,
                queue: &queue,
            };
            (job.run)(job.job, &mut state, &reply);
        }
    }
}

/// A lane: where its jobs go, and its thread until it is started.
struct LaneHandle {
    jobs: Sender<Queued>,
    lane: Lane,
    unstarted: Option<Box<dyn FnOnce() + Send>>,
}

/// Runs jobs on their lanes (see the module's table); the lanes' threads end when it is
/// dropped. A lane's thread starts with the first job asked of it once its [`Wait`] allows
/// ([`Pool::start`]); jobs asked for before then wait in its channel.
pub struct Pool {
    events: Sender<Event>,
    lanes: HashMap<TypeId, LaneHandle>,
    first_frame: bool,
    idle: bool,
    generation: u64,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lanes: Vec<&str> = self.lanes.values().map(|l| l.lane.name).collect();
        f.debug_struct("Pool").field("lanes", &lanes).finish()
    }
}

impl Pool {
    /// A pool whose results go to `events`; its lanes start when [`Pool::start`] lets them.
    pub fn new(events: Sender<Event>) -> Pool {
        Pool {
            events,
            lanes: HashMap::new(),
            first_frame: false,
            idle: false,
            generation: 0,
        }
    }

    /// A pool whose lanes start with their first job (for tests and benches).
    pub fn started(events: Sender<Event>) -> Pool {
        let mut pool = Pool::new(events);
        pool.start(true);
        pool
    }

    /// Hands `request` to its lane; returns the generation its results will carry.
    pub fn run(&mut self, request: JobRequest) -> u64 {
        self.generation += 1;
        let generation = self.generation;
        let events = &self.events;
        let handle = self.lanes.entry(request.kind).or_insert_with(|| {
            let (jobs, queue) = std::sync::mpsc::channel();
            LaneHandle {
                jobs,
                lane: request.lane,
                unstarted: Some(Box::new(lane_body(request.lane, queue, events.clone()))),
            }
        });
        let _ = handle.jobs.send(Queued {
            key: request.key,
            generation,
            job: request.job,
            run: request.run,
        });
        self.start_lanes();
        generation
    }

    /// From now on, lanes that wait for the first frame start (and with `idle`, those that wait
    /// for the reader to be idle too); a lane already started is not started again.
    pub fn start(&mut self, idle: bool) {
        self.first_frame = true;
        self.idle |= idle;
        self.start_lanes();
    }

    fn start_lanes(&mut self) {
        for handle in self.lanes.values_mut() {
            let allowed = match handle.lane.wait {
                Wait::FirstFrame => self.first_frame,
                Wait::Idle => self.idle,
            };
            if let Some(body) = handle.unstarted.take_if(|_| allowed) {
                std::thread::Builder::new()
                    .name(handle.lane.name.into())
                    .spawn(body)
                    .expect("a thread for background work");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A toy kind of job, as a new kind would be added: the job, its lane, its result.
    #[derive(Debug)]
    struct Double(u32);

    #[derive(Debug, PartialEq)]
    struct Doubled(u32);

    impl Job for Double {
        const LANE: Lane = Lane {
            name: "tidings-toy",
            wait: Wait::Idle,
            behind_the_reader: false,
        };
        /// How many it has doubled: a lane keeps its state between jobs.
        type State = u32;
        fn run(self, done: &mut u32, reply: &Reply<'_>) {
            *done += 1;
            reply.send(Doubled(self.0 * 2));
            reply.send(*done);
        }
    }

    fn next(rx: &Receiver<Event>) -> JobResult {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Event::Done(result)) => result,
            other => panic!("not a job's result: {other:?}"),
        }
    }

    #[test]
    fn a_toy_job_is_one_value_and_its_result_comes_back_by_type() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut pool = Pool::new(tx);
        let asked = pool.run(JobRequest::new(Double(21)));
        assert!(
            rx.recv_timeout(Duration::from_millis(100)).is_err(),
            "an idle lane waits until the reader is idle"
        );
        pool.start(true);
        let result = next(&rx);
        assert_eq!(result.generation(), asked);
        assert_eq!(result.kind(), "tidings-toy");
        let result = result.take::<String>().expect_err("not a String");
        assert_eq!(result.take::<Doubled>().ok(), Some(Doubled(42)));
        assert_eq!(next(&rx).take::<u32>().ok(), Some(1));
        pool.run(JobRequest::new(Double(1)));
        assert_eq!(next(&rx).take::<Doubled>().ok(), Some(Doubled(2)));
        assert_eq!(next(&rx).take::<u32>().ok(), Some(2), "its state is kept");
    }

    #[derive(Debug)]
    struct Slow(u32);

    impl Job for Slow {
        const LANE: Lane = Lane {
            name: "tidings-slow",
            wait: Wait::FirstFrame,
            behind_the_reader: true,
        };
        type State = ();
        fn run(self, (): &mut (), reply: &Reply<'_>) {
            for _ in 0..20 {
                if reply.superseded() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            reply.send(self.0);
        }
    }

    #[test]
    fn of_the_jobs_waiting_only_the_newest_runs() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut pool = Pool::new(tx);
        for i in 0..50 {
            pool.run(JobRequest::new(Slow(i)));
        }
        pool.start(false);
        let mut seen = Vec::new();
        while let Ok(Event::Done(result)) = rx.recv_timeout(Duration::from_secs(20)) {
            let n = result.take::<u32>().expect("a number");
            seen.push(n);
            if n == 49 {
                break;
            }
        }
        assert_eq!(
            seen,
            [49],
            "queued before the lane started: only the newest"
        );
        pool.run(JobRequest::new(Slow(1)));
        std::thread::sleep(Duration::from_millis(20));
        pool.run(JobRequest::new(Slow(2)));
        assert_eq!(
            next(&rx).take::<u32>().ok(),
            Some(2),
            "the one under way gives way"
        );
    }
}
