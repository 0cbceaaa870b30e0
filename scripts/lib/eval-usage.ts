// The eval command's help text.
import { nextFrameGenerator } from '../../src/nodes/next-frame-generator';
import { EVAL_RECIPES, recipeSlug } from '../../tools/eval/eval-recipes';
import { EVAL_DEFAULTS } from './eval-defaults';

/** "a or b", "a, b or c": the choices an error message (or the help) names. */
export function oneOf(choices: readonly string[]): string {
  return choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)!}`;
}

export const USAGE = `Usage: npm run eval -- --clip <video file> [options]

       npm run eval -- --clips a.webm,b.webm --seeds 1,2,3 [--recipes living,pix2pix] [options]
       npm run eval -- --merge results.jsonl [more.jsonl…] [--out table.json]

Trains the Next-Frame Generator twice on the first 80 % of a clip, without and with feedback
pairs (same seed, same steps), in headless Chromium, and prints a JSON report on stdout:
one-step PSNR/SSIM on the held-out last 20 % next to copying the last frame, and a feedback
rollout from the first held-out frame measured every 50 frames, at full scale and pooled 4×4,
with whether the feedback-pair loop clears the living-loop bar. Progress goes to stderr.
The generator's settings come from a recipe (--recipe, the node's default one unless named);
any flag below overrides its part of the recipe. A sweep (several clips, seeds or recipes)
prints one table instead; see "Sweeps" at the end and docs/eval.md.

  --clip FILE       the video (any container and codec this Chromium's WebCodecs decodes)
  --size N          model frame size: ${oneOf(nextFrameGenerator.params.size.options)} (default ${EVAL_DEFAULTS.size})
  --steps N         train steps for each model (default ${EVAL_DEFAULTS.steps})
  --frames N        rollout length (default ${EVAL_DEFAULTS.frames})
  --recipe NAME     the generator's settings: ${[...EVAL_RECIPES.values()].map((r) => `${recipeSlug(r.name)} (${r.name})`).join(', ')}
                    (default ${EVAL_DEFAULTS.recipe}; run with --help to see each recipe's values)
  --models WHICH    both (without and with feedback pairs) or feedback (the feedback-pair
                    model alone, what a sweep compares) (default ${EVAL_DEFAULTS.models})
  --colour-coherence S
                    pull every loop frame's Lab colour mean and spread towards the training
                    frames' with strength S in [0, 1] (the Colour Coherence node) (default ${EVAL_DEFAULTS.colourCoherence})
  --colour-match HOW
                    what colour coherence matches: lab (the Lab mean and spread) or histogram
                    (the colour histogram, matched along four colour bases) (default ${EVAL_DEFAULTS.colourMatch})
  --loop-noise A    add seeded Gaussian noise of standard deviation A to every loop frame's
                    input, new each frame (Deforum's noise schedule, constant) (default ${EVAL_DEFAULTS.loopNoise})
  --loop-variants V;W;…
                    also roll each trained generator out with other loop features, one
                    rollout each, e.g. "colour-coherence=0.5;loop-noise=0.02,colour-coherence=0.5,colour-match=histogram"
                    (features split by ',', variants by ';'); a sweep's table counts each as
                    a setting of its own
  --video DIR       also write each rollout as a WebM in DIR, to watch what the numbers say
  --seed S          seed of both trainings (default ${EVAL_DEFAULTS.seed})
  --backend NAME    tfjs backend: webgpu, webgl or cpu (default: the best that starts)
  --preset NAME     network: tiny, small or standard (default ${EVAL_DEFAULTS.preset})
  --batch N         pairs per train step (default ${EVAL_DEFAULTS.batch})
  --predicts WHAT   what the generators output: frame (pix2pix), change (residual: the
                    network starts as copy-last) or motion (a displacement field that moves
                    the last frame's pixels, plus a change) (recipe)
  --upsample HOW    how the generators' decoders upsample: transposed (pix2pix's transposed
                    convolutions) or resize (nearest ×2 then a 3×3 convolution: no 2-pixel
                    grid in the loop) (recipe)
  --full-res-skip, --no-full-res-skip
                    give (or not) the generators a full-resolution skip: a 3×3 convolution of the input
                    joins the output layer (pix2pix's finest skip is at half resolution)
  --jitter, --no-jitter
                    train with or without pix2pix's zoom jitter (its bilinear zoom blurs away
                    single-pixel detail)
  --frame-loss L1|L2|PSNR
                    the generators' frame loss: L1 (pix2pix) or L2 (recipe)
  --frame-weight W  λ on the frame loss (recipe)
  --adv-weight W    weight on the adversarial loss, 0 for none (recipe)
  --stats-weight W  weight on the loop-statistics term: each prediction asked for its
                    target's amount of change and detail, at full and 4×4-pooled scale, 0
                    for none (recipe)
  --cycles N        feedback cycles of the feedback-pair model (recipe)
  --drift-depth R   its drifted pairs: G applied 1…R times (recipe),
  --drift-starts N  from N real frames per cycle (recipe),
  --long-drifts N   plus N long drifts (recipe)
  --long-drift-depth N
                    of N applications (recipe)
  --held-out P      each model holds out the last P % of its training frames (the node's
                    "Held-out frames"; still before the scored last 20 %) and reports its
                    loss there every --held-out-every steps (recipe; 0: none)
  --held-out-every N
                    steps between those held-out losses (default ${EVAL_DEFAULTS.heldOutEvery})
  --keep-best, --keep-last
                    score and roll out the weights where the held-out figure --best-by names
                    was lowest, not the last ones (early stopping; needs --held-out), or the
                    last ones (recipe: the best loop whenever frames are held out, as the node)
  --best-by WHAT    loss (the held-out one-step loss) or loop (the held-out loop check: how
                    near the clip's detail and motion a 100-frame loop from a held-out frame
                    ends) (default loop)
  --dropout-in-loop, --no-dropout-in-loop
                    keep the generators' dropout on in their loops, as pix2pix and Henry's
                    loop do (the node's "Dropout in the loop"): drifted pairs, the loop check
                    and the rollouts draw seeded masks, new each frame; one-step scores keep
                    it off
  --restoration     also train a Restoration node against each generator (same steps) and
                    report the loop G → restoration next to G alone
  --restorer-predicts WHAT
                    what the restorers output: change (a correction to their input; the
                    node's default) or frame (default ${EVAL_DEFAULTS.restorerPredicts})
  --online          also roll each generator out again while its training goes on, as online
                    learning does in the loop, swapping in new weights between two frames
  --swap-every N    online: frames between weight swaps (default ${EVAL_DEFAULTS.swapEvery})
  --online-steps N  online: train steps between weight swaps (default ${EVAL_DEFAULTS.onlineSteps})
  --arch WHICH      pix2pix (this evaluation), multiscale (the Multi-Scale Generator) or both:
                    the latter two train each architecture once (same clip, seed, steps,
                    batch, preset name) and report one-step PSNR/SSIM, sharpness (gradient
                    difference to the true frame) and a rollout side by side (default ${EVAL_DEFAULTS.arch})
  --jobs N          trainings side by side: one run's two models one after the other (1) or
                    in two pages (2); a sweep's cells N at a time; default: 2 on the cpu
                    backend with 2+ cores, else 1
  --out FILE        also write the JSON report to FILE
  --dist DIR        serve this existing build of the eval page as it is (default:
                    tools/eval/dist/, built when stale)
  --help            show this text

Sweeps (docs/eval.md): the cells are every clip × seed × recipe, in that order; each runs as
one run with --models feedback unless --models is given, and its report is appended to the
results file as one JSON line when it ends; cells already there are skipped, so a stopped
sweep resumes where it stopped.
  --clips A,B,…     clips (instead of --clip)
  --seeds 1,2,…     seeds (instead of --seed)
  --recipes R,…     recipes (instead of --recipe)
  --results FILE    the JSON-lines file (default eval-sweep.jsonl)
  --cell I --of N   run only cells I, I + N, I + 2N, … (0 ≤ I < N); with --of alone, I is
                    $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job's); one results file each
  --merge FILE…     print the table of these results files (no training); with --out FILE
                    the table is also written as JSON`;
