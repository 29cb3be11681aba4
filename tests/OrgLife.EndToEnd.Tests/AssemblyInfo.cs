// Browser suites start real processes (bot, playground, Chromium) on a 2-core machine: run test
// collections one after another so timeouts measure the bot, not CPU contention.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
