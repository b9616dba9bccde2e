package lab

// Questions are the questions of the lab's question steps, by step id.
func (l *Lab) Questions() map[string]*Question {
	qs := map[string]*Question{}
	for i := range l.Steps {
		if q := l.Steps[i].Question; q != nil {
			qs[l.Steps[i].ID] = q
		}
	}
	return qs
}
