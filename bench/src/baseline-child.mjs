// Child process: the peak RSS of a node process that has loaded @p1/core and done nothing else, the floor under
// the streamed-capture figure. Prints JSON.
import '@p1/core';

console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
