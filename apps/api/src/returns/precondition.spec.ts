import { parsePrecondition, preconditionHolds, revisionEtag } from './precondition.js';

describe('If-Match / If-None-Match on a return (the ETag is the current revision number)', () => {
  it('reads strong, weak and bare tags, lists and *; a tag that is no revision number matches nothing', () => {
    expect(revisionEtag(3)).toBe('"3"');
    expect(parsePrecondition({ ifMatch: '"3"' })).toEqual({ ifMatch: [3] });
    expect(parsePrecondition({ ifMatch: 'W/"3", "4"' })).toEqual({ ifMatch: [3, 4] });
    expect(parsePrecondition({ ifMatch: '3' })).toEqual({ ifMatch: [3] });
    expect(parsePrecondition({ ifMatch: ' * ' })).toEqual({ ifMatch: '*' });
    expect(parsePrecondition({ ifNoneMatch: '*' })).toEqual({ ifNoneMatch: '*' });
    expect(parsePrecondition({ ifMatch: '' })).toEqual({});
    expect(parsePrecondition({})).toEqual({});
    const hash = parsePrecondition({ ifMatch: 'W/"15d-M2KJT5SR"' });
    expect(preconditionHolds(hash, 1)).toBe(false);
  });

  it('holds only for the current revision; * needs one; If-None-Match: * needs none', () => {
    expect(preconditionHolds({}, null)).toBe(true);
    expect(preconditionHolds({}, 7)).toBe(true);
    expect(preconditionHolds({ ifMatch: [3] }, 3)).toBe(true);
    expect(preconditionHolds({ ifMatch: [3] }, 4)).toBe(false);
    expect(preconditionHolds({ ifMatch: [3] }, null)).toBe(false);
    expect(preconditionHolds({ ifMatch: [3, 4] }, 4)).toBe(true);
    expect(preconditionHolds({ ifMatch: '*' }, 1)).toBe(true);
    expect(preconditionHolds({ ifMatch: '*' }, null)).toBe(false);
    expect(preconditionHolds({ ifNoneMatch: '*' }, null)).toBe(true);
    expect(preconditionHolds({ ifNoneMatch: '*' }, 1)).toBe(false);
    expect(preconditionHolds({ ifNoneMatch: [2] }, 2)).toBe(false);
    expect(preconditionHolds({ ifNoneMatch: [2] }, 3)).toBe(true);
  });
});
