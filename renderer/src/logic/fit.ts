/**
 * Whether a table's full set of columns fits the width it is given. The columns an announcer
 * must read (place, name, best or time, to lead) are always shown; round-by-round marks need
 * room, and where there is none they fold into a compact line under the name. Measured in the
 * root's rem, so larger type (`t`) folds sooner.
 */
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

export function useFits(el: Ref<HTMLElement | null>, neededRem: () => number): Ref<boolean> {
  const fits = ref(true);
  let observer: ResizeObserver | undefined;
  let typeWatch: MutationObserver | undefined;
  const measure = () => {
    const box = el.value;
    // Not laid out (hidden tab, no layout engine): no evidence of lacking room.
    if (!box || box.clientWidth === 0) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    fits.value = box.clientWidth >= neededRem() * rem;
  };
  onMounted(() => {
    measure();
    if (typeof ResizeObserver === 'function' && el.value) {
      observer = new ResizeObserver(measure);
      observer.observe(el.value);
    }
    // Larger type changes the rem, not the box: the root's data-type attribute says when.
    if (typeof MutationObserver === 'function') {
      typeWatch = new MutationObserver(measure);
      typeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-type'] });
    }
  });
  watch(neededRem, measure);
  onBeforeUnmount(() => {
    observer?.disconnect();
    typeWatch?.disconnect();
  });
  return fits;
}
