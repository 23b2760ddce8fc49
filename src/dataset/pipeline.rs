//! The shape of both passes of a build: one thread reads batches from the store and writes
//! what becomes of them, in order, while worker threads turn the batches read before into
//! signatures or examples. Reading, working and writing overlap, so the store's one
//! connection is never what the workers wait for.

use std::collections::BTreeMap;
use std::sync::{Mutex, mpsc};

/// Batches from `produce` (which calls its argument with each), each worked through item by
/// item with `work` on one of `jobs` threads, and handed with its results to `consume` on
/// this thread in the order produced. Each worker has a `state` of its own, made by `state`
/// on that worker. The first error, from `produce` or `consume`, stops the run and is
/// returned once the workers are done. Without a thread to be had, the work is done here.
pub fn run<T: Send, U: Send, S, E>(
    jobs: usize,
    produce: impl FnOnce(&mut dyn FnMut(Vec<T>) -> Result<(), E>) -> Result<(), E>,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> U + Sync,
    mut consume: impl FnMut(Vec<T>, Vec<U>) -> Result<(), E>,
) -> Result<(), E> {
    // Enough batches queued that no worker waits for the reader, few enough that memory
    // stays a few batches deep.
    let (to_work, queue) = mpsc::sync_channel::<(usize, Vec<T>)>(jobs.max(1) * 2);
    let queue = Mutex::new(queue);
    let (to_write, done) = mpsc::channel::<(usize, Vec<T>, Vec<U>)>();
    std::thread::scope(|scope| {
        let mut workers = 0;
        for _ in 0..jobs.max(1) {
            let (queue, to_write, state, work) = (&queue, to_write.clone(), &state, &work);
            let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut own = state();
                loop {
                    // The lock is held only while waiting for the next batch, never while
                    // working on one.
                    let next = queue
                        .lock()
                        .map_err(drop)
                        .and_then(|q| q.recv().map_err(drop));
                    let Ok((n, batch)) = next else { break };
                    let out = batch.iter().map(|item| work(&mut own, item)).collect();
                    if to_write.send((n, batch, out)).is_err() {
                        break;
                    }
                }
            });
            workers += usize::from(spawned.is_ok());
        }
        drop(to_write);
        if workers == 0 {
            drop(to_work);
            let mut own = state();
            return produce(&mut |batch| {
                let out = batch.iter().map(|item| work(&mut own, item)).collect();
                consume(batch, out)
            });
        }

        let mut writer = InOrder {
            next: 0,
            waiting: BTreeMap::new(),
        };
        let mut sent = 0;
        let produced = produce(&mut |batch| {
            to_work.send((sent, batch)).map_err(drop).ok();
            sent += 1;
            while let Ok(finished) = done.try_recv() {
                writer.accept(finished, &mut consume)?;
            }
            Ok(())
        });
        drop(to_work);
        let mut result = produced;
        // What is still being worked on is written (or, after an error, waited for and
        // dropped); a worker that panicked ends the channel early and the scope re-raises.
        while writer.next < sent {
            let Ok(finished) = done.recv() else { break };
            if result.is_ok() {
                result = writer.accept(finished, &mut consume);
            }
        }
        result
    })
}

/// Results that came back out of order, until those before them have.
struct InOrder<T, U> {
    next: usize,
    waiting: BTreeMap<usize, (Vec<T>, Vec<U>)>,
}

impl<T, U> InOrder<T, U> {
    fn accept<E>(
        &mut self,
        (n, batch, out): (usize, Vec<T>, Vec<U>),
        consume: &mut impl FnMut(Vec<T>, Vec<U>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.waiting.insert(n, (batch, out));
        while let Some((batch, out)) = self.waiting.remove(&self.next) {
            self.next += 1;
            consume(batch, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squares(jobs: usize, batches: usize) -> Result<Vec<(usize, u64)>, String> {
        let mut seen = Vec::new();
        run::<_, _, _, String>(
            jobs,
            |send| {
                for b in 0..batches {
                    send((b * 10..b * 10 + 10).collect())?;
                }
                Ok(())
            },
            || 0_usize,
            |calls, &i| {
                *calls += 1;
                // Uneven work, so batches finish out of order.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                (i as u64) * (i as u64)
            },
            |batch, out| {
                seen.extend(batch.into_iter().zip(out));
                Ok(())
            },
        )?;
        Ok(seen)
    }

    #[test]
    fn results_come_back_in_order_with_their_items() {
        for jobs in [1, 2, 5] {
            let seen = squares(jobs, 40).unwrap();
            assert_eq!(seen.len(), 400);
            for (k, (i, sq)) in seen.iter().enumerate() {
                assert_eq!((*i, *sq), (k, (k * k) as u64));
            }
        }
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let mut consumed = 0;
        let err = run(
            2,
            |send| (0..100).try_for_each(|b| send(vec![b])),
            || (),
            |(), &i| i,
            |batch, _| {
                consumed += 1;
                match batch[0] {
                    3 => Err(format!("batch {}", batch[0])),
                    _ => Ok(()),
                }
            },
        );
        assert_eq!(err, Err("batch 3".to_string()));
        assert_eq!(consumed, 4);

        let err = run(
            2,
            |_| Err("no store"),
            || (),
            |(), &i: &u8| i,
            |_, _| Ok(()),
        );
        assert_eq!(err, Err("no store"));
    }
}
