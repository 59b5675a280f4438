/** Light and dark follow the system setting (CSS does the page; charts ask here). */
import { useEffect, useState } from 'preact/hooks';

const query = window.matchMedia('(prefers-color-scheme: dark)');

export function useDarkMode(): boolean {
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const listener = () => setDark(query.matches);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  }, []);
  return dark;
}
