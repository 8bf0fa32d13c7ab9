package tui

// listCursor is the selected row and the first visible row of a scrolling
// list of n rows shown height rows at a time.
type listCursor struct {
	selected int
	offset   int
	n        int
	height   int
}

// setLen sets the number of rows and keeps the cursor inside them.
func (c *listCursor) setLen(n int) {
	c.n = n
	c.clamp()
}

// setHeight sets how many rows fit on screen.
func (c *listCursor) setHeight(height int) {
	c.height = max(height, 1)
	c.clamp()
}

// move moves the selection by delta rows, stopping at either end.
func (c *listCursor) move(delta int) {
	c.selected += delta
	c.clamp()
}

// page moves the selection by one screen of rows in direction (+1 or -1).
func (c *listCursor) page(direction int) {
	c.move(direction * max(c.height-1, 1))
}

// home selects the first row.
func (c *listCursor) home() {
	c.selected = 0
	c.clamp()
}

// end selects the last row.
func (c *listCursor) end() {
	c.selected = c.n - 1
	c.clamp()
}

// selectIndex selects row i.
func (c *listCursor) selectIndex(i int) {
	c.selected = i
	c.clamp()
}

// clamp keeps selected inside the rows and the selected row on screen.
func (c *listCursor) clamp() {
	if c.selected >= c.n {
		c.selected = c.n - 1
	}
	if c.selected < 0 {
		c.selected = 0
	}
	if c.height < 1 {
		c.height = 1
	}
	if c.selected < c.offset {
		c.offset = c.selected
	}
	if c.selected >= c.offset+c.height {
		c.offset = c.selected - c.height + 1
	}
	if maxOffset := max(c.n-c.height, 0); c.offset > maxOffset {
		c.offset = maxOffset
	}
	if c.offset < 0 {
		c.offset = 0
	}
}

// visible returns the half-open range of rows on screen.
func (c *listCursor) visible() (from, to int) {
	return c.offset, min(c.offset+c.height, c.n)
}
